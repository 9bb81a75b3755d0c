package org.ewstoken.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final String BASIC = "YWxpY2VAY29udG9zby5jb206Y29ycmVjdCBob3JzZQ==";
    private static final String JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3gifQ.c2lnbmF0dXJl";

    @Test
    void authorizationHeadersAreMaskedHoweverTheyAreWritten() {
        assertThat(Redaction.redact("Authorization: Basic " + BASIC)).isEqualTo("Authorization: [redacted]");
        assertThat(Redaction.redact("HttpFields{Host: x, authorization=Bearer abc.def}")).doesNotContain("abc.def");
        // Jetty's buffer dumps escape line ends and may cut a header in two.
        assertThat(Redaction.redact("<<<POST / HTTP/1.1\\r\\nAuthorization: Basic " + BASIC.substring(0, 20) + "...>>>"))
                .doesNotContain(BASIC.substring(0, 20));
        assertThat(Redaction.redact("... Basic " + BASIC.substring(10) + "\\r\\n")).doesNotContain(BASIC.substring(10));
    }

    @Test
    void tokensPemBlocksLongBase64AndPasswordValuesAreMasked() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        String base64 = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ".repeat(4);

        assertThat(Redaction.redact("issued " + JWT + " to x")).isEqualTo("issued [jwt redacted] to x");
        assertThat(Redaction.redact("key " + pem + " imported")).isEqualTo("key [pem redacted] imported");
        assertThat(Redaction.redact("sealed=" + base64)).doesNotContain(base64);
        assertThat(Redaction.redact("jdbc:postgresql://db/ewstoken?user=app&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/ewstoken?user=app&password=[redacted]&ssl=true");
    }

    @Test
    void ordinaryLinesAreLeftAloneAndJsonStaysJson() throws Exception {
        String line = "ewstoken listening on 127.0.0.1:8080, signing key cUWj5QVato4XvqOq5AahtAKe8U4";
        assertThat(Redaction.redact(line)).isEqualTo(line);

        String json = "{\"level\":\"DEBUG\",\"message\":\"headers Authorization: Basic " + BASIC
                + "\\r\\nHost: x password=hunter2\",\"n\":1}";
        String redacted = Redaction.redact(json);
        assertThat(redacted).doesNotContain(BASIC, "hunter2");
        assertThat(new ObjectMapper().readTree(redacted).get("n").asInt()).isEqualTo(1);
    }
}
