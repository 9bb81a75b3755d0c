package org.ewstoken.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.Jwts;
import org.ewstoken.tokens.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenID discovery and the key set: what they say, and that the key set follows the metadata document. */
class DiscoveryTest {

    @TempDir Path dir;

    @Test
    void theDiscoveryDocumentNamesTheIssuerKeySetTokenEndpointTypesAndAlgorithms() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            HttpResponse<String> r = f.server().get(ServerUrls.DISCOVERY);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode d = ExchangeFixture.json(r);
            assertThat(d.get("issuer").asText()).isEqualTo(f.url("").toString());
            assertThat(d.get("jwks_uri").asText()).isEqualTo(f.jwksUri());
            assertThat(d.get("token_endpoint").asText()).isEqualTo(f.url(ServerUrls.TOKEN).toString());
            assertThat(texts(d.get("grant_types_supported"))).containsExactly(TokenExchange.GRANT_TYPE);
            assertThat(texts(d.get("subject_token_types_supported"))).containsExactly(TokenExchange.JWT);
            assertThat(texts(d.get("issued_token_types_supported"))).containsExactly(TokenExchange.ACCESS_TOKEN);
            assertThat(texts(d.get("id_token_signing_alg_values_supported"))).containsExactly("RS256");
            assertThat(texts(d.get("token_endpoint_auth_methods_supported")))
                    .containsExactly("client_secret_basic", "client_secret_post");
        }
    }

    @Test
    void theKeySetPublishesEveryCertificateOfTheMetadataDocumentInStepAcrossRotations() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            assertInStep(f, 1);
            String before = f.identityToken();
            f.server().server().keyRing().rotate();
            assertInStep(f, 2);
            String after = f.identityToken();
            List<String> kids = texts(keySet(f), "kid");
            assertThat(kids).containsExactly(Jwts.header(after).get("kid").asText(), Jwts.header(before).get("kid").asText());
        }
    }

    @Test
    void theKeySetHasTheMetadataDocumentsCacheHeadersAndAnswersConditionalRequests() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            HttpResponse<String> metadata = f.server().get("/autodiscover/metadata/json/1");
            HttpResponse<String> keys = f.server().get(ServerUrls.KEYS);
            assertThat(keys.headers().firstValue("Cache-Control")).isPresent()
                    .isEqualTo(metadata.headers().firstValue("Cache-Control"));
            String etag = keys.headers().firstValue("ETag").orElseThrow();
            assertThat(f.server().get(ServerUrls.KEYS, "If-None-Match", etag).statusCode()).isEqualTo(304);
            f.server().server().keyRing().rotate();
            HttpResponse<String> rotated = f.server().get(ServerUrls.KEYS, "If-None-Match", etag);
            assertThat(rotated.statusCode()).isEqualTo(200);
            assertThat(rotated.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        }
    }

    /** Same certificates, same order; each key an RS256 signing JWK whose n and e are the certificate's. */
    private static void assertInStep(ExchangeFixture f, int expected) throws Exception {
        JsonNode metadataKeys = f.server().metadata().get("keys");
        JsonNode jwks = keySet(f);
        assertThat(jwks).hasSize(expected);
        assertThat(metadataKeys).hasSize(expected);
        for (int i = 0; i < expected; i++) {
            JsonNode jwk = jwks.get(i);
            String certificate = metadataKeys.get(i).get("keyvalue").get("value").asText();
            String x5t = metadataKeys.get(i).get("keyinfo").get("x5t").asText();
            assertThat(jwk.get("kty").asText()).isEqualTo("RSA");
            assertThat(jwk.get("use").asText()).isEqualTo("sig");
            assertThat(jwk.get("alg").asText()).isEqualTo("RS256");
            assertThat(jwk.get("x5t").asText()).isEqualTo(x5t);
            assertThat(jwk.get("kid").asText()).isEqualTo(SigningKeys.hexThumbprint(x5t));
            assertThat(jwk.get("x5c")).hasSize(1);
            assertThat(jwk.get("x5c").get(0).asText()).isEqualTo(certificate);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(certificate)));
            RSAPublicKey key = (RSAPublicKey) cert.getPublicKey();
            assertThat(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText()))).isEqualTo(key.getModulus());
            assertThat(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText())))
                    .isEqualTo(key.getPublicExponent());
            assertThat(jwk.get("n").asText()).doesNotStartWith("AA"); // no sign byte
        }
    }

    private static JsonNode keySet(ExchangeFixture f) throws Exception {
        HttpResponse<String> r = f.server().get(ServerUrls.KEYS);
        assertThat(r.statusCode()).isEqualTo(200);
        return ExchangeFixture.json(r).get("keys");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> texts(JsonNode array, String member) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(member).asText()));
        return out;
    }
}
