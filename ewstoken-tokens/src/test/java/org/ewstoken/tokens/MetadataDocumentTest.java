package org.ewstoken.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.tokens.Fixtures.JSON;
import static org.ewstoken.tokens.Fixtures.METADATA_URL;
import static org.ewstoken.tokens.Fixtures.keyA;
import static org.ewstoken.tokens.Fixtures.keyB;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MetadataDocumentTest {
    private static final String EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";

    private static JsonNode render(SigningKey... keys) throws Exception {
        return JSON.readTree(MetadataDocument.render("_5a2b0c3e-1d2f-4e5a-9b8c-7d6e5f4a3b2c", METADATA_URL,
                Arrays.stream(keys).map(SigningKey::certificate).toList()));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void describesExchangeAsIssuerForAnyRealm() throws Exception {
        JsonNode document = render(keyA());

        assertThat(names(document)).containsExactly("id", "version", "name", "realm", "serviceName", "issuer",
                "allowedAudiences", "keys", "endpoints");
        assertThat(document.get("id").asText()).isEqualTo("_5a2b0c3e-1d2f-4e5a-9b8c-7d6e5f4a3b2c");
        assertThat(document.get("version").asText()).isEqualTo("1.0");
        assertThat(document.get("name").asText()).isEqualTo("Exchange");
        assertThat(document.get("realm").asText()).isEqualTo("*");
        assertThat(document.get("serviceName").asText()).isEqualTo(EXCHANGE);
        assertThat(document.get("issuer").asText()).isEqualTo(EXCHANGE + "@*");
        assertThat(document.get("allowedAudiences")).hasSize(1);
        assertThat(document.get("allowedAudiences").get(0).asText()).isEqualTo(EXCHANGE + "@*");
    }

    @Test
    void publishesEachCertificateUnderItsThumbprintInTheGivenOrder() throws Exception {
        JsonNode keys = render(keyB(), keyA()).get("keys");

        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).get("keyinfo").get("x5t").asText()).isEqualTo(keyB().keyId());
        assertThat(keys.get(1).get("keyinfo").get("x5t").asText()).isEqualTo(keyA().keyId());
        for (JsonNode key : keys) {
            assertThat(names(key)).containsExactly("usage", "keyinfo", "keyvalue");
            assertThat(key.get("usage").asText()).isEqualTo("signing");
            assertThat(names(key.get("keyvalue"))).containsExactly("type", "value");
            assertThat(key.get("keyvalue").get("type").asText()).isEqualTo("x509Certificate");
        }
    }

    @Test
    void keyValueIsTheStandardBase64DerOfTheCertificate() throws Exception {
        String value = render(keyA()).get("keys").get(0).get("keyvalue").get("value").asText();

        assertThat(Base64.getDecoder().decode(value)).isEqualTo(keyA().certificate().getEncoded());
        assertThat(CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(value))))
                .isEqualTo(keyA().certificate());
    }

    @Test
    void pointsToItselfAsTheOAuth2MetadataEndpoint() throws Exception {
        JsonNode endpoints = render(keyA()).get("endpoints");

        assertThat(endpoints).hasSize(1);
        assertThat(names(endpoints.get(0))).containsExactly("location", "protocol", "usage");
        assertThat(endpoints.get(0).get("location").asText()).isEqualTo(METADATA_URL.toString());
        assertThat(endpoints.get(0).get("protocol").asText()).isEqualTo("OAuth2");
        assertThat(endpoints.get(0).get("usage").asText()).isEqualTo("metadata");
    }

    @Test
    void withNoCertificatesTheKeyListIsEmpty() throws Exception {
        assertThat(render().get("keys")).isEmpty();
    }
}
