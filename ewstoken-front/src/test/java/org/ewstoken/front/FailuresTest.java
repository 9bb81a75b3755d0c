package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.protocol.EwsNamespaces.ERRORS;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.hostile.RawHttp;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** An upstream that is down, slow or not to be trusted: clear EWS answers, never a hang or a bare 502. */
class FailuresTest {


    @TempDir Path dir;

    static RawHttp.Response getItem(TestServer front) throws Exception {
        return RawHttp.exchange(null, front.server().port(), RawHttp.post("/EWS/Exchange.asmx",
                PassThroughTest.GET_ITEM.getBytes(StandardCharsets.UTF_8), "Content-Type: text/xml; charset=utf-8",
                "Authorization: Basic YWxpY2U6c2VjcmV0"), Duration.ofSeconds(30));
    }

    static String responseCode(RawHttp.Response r) {
        Document doc = SoapResponses.validated(r.text());
        return doc.getElementsByTagNameNS(ERRORS, "ResponseCode").item(0).getTextContent();
    }

    @Test
    void anUpstreamThatIsDownGetsErrorServerBusyWithHttp503AndABackOff() throws Exception {
        try (TestServer front = Front.start(dir.resolve("data"), Front.downUpstreamUrl(),
                Map.of())) {
            RawHttp.Response r = getItem(front);
            assertThat(r.status()).isEqualTo(503);
            assertThat(responseCode(r)).isEqualTo("ErrorServerBusy");
            assertThat(r.text()).contains("BackOffMilliseconds");
            assertThat(r.header("retry-after")).isEqualTo("5");
            assertThat(front.get("/metrics").body())
                    .contains("ewstoken_front_upstream_responses_total{status=\"connect_failed\"} 1.0");
            // Other paths get the same clear answer.
            RawHttp.Response mapi = RawHttp.exchange(front.server().port(), RawHttp.request("GET", "/mapi/", new byte[0]));
            assertThat(mapi.status()).isEqualTo(503);
        }
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeGetsErrorTimeoutExpiredWithHttp504() throws Exception {
        try (UpstreamFixture upstream = new UpstreamFixture();
             TestServer front = Front.start(dir.resolve("data"), upstream.ewsUrl(),
                     Map.of(FrontSettings.UPSTREAM_IDLE_TIMEOUT, "1s"))) {
            upstream.enqueue(UpstreamFixture.Answer.ok(UpstreamFixture.OK_ENVELOPE).delayed(Duration.ofSeconds(4)));
            long t0 = System.nanoTime();
            RawHttp.Response r = getItem(front);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
            assertThat(r.status()).isEqualTo(504);
            assertThat(responseCode(r)).isEqualTo("ErrorTimeoutExpired");
        }
    }

    @Test
    void theUpstreamsCertificateIsVerifiedAgainstTheConfiguredCaFile() throws Exception {
        SigningKey key = SigningKeys.generate("localhost", Duration.ofDays(2), Clock.systemUTC());
        Path ca = Files.writeString(dir.resolve("upstream-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(key.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
        try (UpstreamFixture upstream = new UpstreamFixture(key)) {
            try (TestServer untrusting = Front.start(dir.resolve("a"), upstream.ewsUrl(), Map.of())) {
                RawHttp.Response r = getItem(untrusting);
                assertThat(r.status()).as("an unknown CA is refused").isEqualTo(502);
                assertThat(responseCode(r)).isEqualTo("ErrorInternalServerError");
                assertThat(upstream.requestCount()).isZero();
            }
            try (TestServer trusting = Front.start(dir.resolve("b"), upstream.ewsUrl(),
                    Map.of(FrontSettings.UPSTREAM_CA_FILE, ca.toString()))) {
                RawHttp.Response r = getItem(trusting);
                assertThat(r.status()).isEqualTo(200);
                assertThat(upstream.takeRequest().body()).isEqualTo(PassThroughTest.GET_ITEM.getBytes(StandardCharsets.UTF_8));
            }
            String byAddress = upstream.ewsUrl().replace("localhost", "127.0.0.1");
            try (TestServer wrongName = Front.start(dir.resolve("c"), byAddress,
                    Map.of(FrontSettings.UPSTREAM_CA_FILE, ca.toString()))) {
                assertThat(getItem(wrongName).status()).as("a certificate for another name is refused").isEqualTo(502);
            }
        }
    }
}
