package org.ewstoken.tokens;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;

/** A token taken apart by hand, plus verification with jose4j (a JWT library other than the one in main). */
record Jwt(String headerJson, String payloadJson, JsonNode payload) {

    static Jwt decode(String token) throws Exception {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new AssertionError("not three parts: " + token);
        }
        String payloadJson = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8);
        return new Jwt(new String(Base64.getUrlDecoder().decode(parts[0]), UTF_8), payloadJson,
                Fixtures.JSON.readTree(payloadJson));
    }

    /** A bare JSON object (such as appctx) viewed like a payload. */
    static Jwt ofPayload(String json) throws Exception {
        return new Jwt("", json, Fixtures.JSON.readTree(json));
    }

    List<String> claimNames() {
        List<String> names = new ArrayList<>();
        payload.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The x5t header as jose4j reads it. */
    static String x5t(String token) throws Exception {
        return ((JsonWebSignature) JsonWebStructure.fromCompactSerialization(token))
                .getX509CertSha1ThumbprintHeaderValue();
    }

    /** Verifies signature, RS256, iss, aud and nbf/exp (a minute into the validity window). */
    static JwtClaims verify(String token, PublicKey key, String audience) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(Fixtures.ISSUER)
                .setExpectedAudience(audience)
                .setRequireNotBefore()
                .setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromSeconds(Fixtures.NOW_SECONDS + 60))
                .build()
                .processToClaims(token);
    }
}
