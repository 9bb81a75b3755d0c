package org.ewstoken.server;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Token checks done the way an add-in back end would: with jose4j (not the library that signs) and
 * only the certificate taken from the server's metadata document.
 */
public final class Jwts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwts() {
    }

    public static JsonNode header(String token) throws Exception {
        return JSON.readTree(part(token, 0));
    }

    public static String headerJson(String token) {
        return part(token, 0);
    }

    public static JsonNode payload(String token) throws Exception {
        return JSON.readTree(part(token, 1));
    }

    public static String payloadJson(String token) {
        return part(token, 1);
    }

    /** Verifies signature, audience, issuer and lifetime; throws if any fails. */
    public static JwtClaims verify(String token, X509Certificate certificate, String audience, String issuer)
            throws Exception {
        return new JwtConsumerBuilder()
                .setVerificationKey(certificate.getPublicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedAudience(audience)
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .setRequireNotBefore()
                .setAllowedClockSkewInSeconds(30)
                .build()
                .processToClaims(token);
    }

    private static String part(String token, int i) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[i]), StandardCharsets.UTF_8);
    }
}
