package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The published certificates as an RFC 7517 JWK Set, for stock JWT libraries (jose, PyJWT, nimbus): each an RSA
 * key whose {@code kid} is the upper-case hex thumbprint the tokens' header carries, with {@code x5t}, {@code x5c},
 * {@code use} {@code sig} and {@code alg} {@code RS256}. Given the same certificates in the same order as
 * {@link MetadataDocument#render}, both documents publish the same keys.
 */
public final class JwkSet {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private JwkSet() {
    }

    /** {@code {"keys":[…]}} as UTF-8 JSON, keys in the given order. */
    public static byte[] render(List<X509Certificate> publishedCertificates) {
        requireNonNull(publishedCertificates, "publishedCertificates");
        Base64.Encoder base64 = Base64.getEncoder();
        return Json.write(256 + 2200 * publishedCertificates.size(), json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("keys");
            for (X509Certificate certificate : publishedCertificates) {
                RSAPublicKey key = (RSAPublicKey) certificate.getPublicKey(); // signing keys are RSA (SigningKey)
                String x5t = SigningKeys.thumbprint(certificate);
                json.writeStartObject();
                json.writeStringField("kty", "RSA");
                json.writeStringField("kid", SigningKeys.hexThumbprint(x5t));
                json.writeStringField("use", "sig");
                json.writeStringField("alg", "RS256");
                json.writeStringField("n", unsigned(key.getModulus()));
                json.writeStringField("e", unsigned(key.getPublicExponent()));
                json.writeStringField("x5t", x5t);
                json.writeArrayFieldStart("x5c");
                json.writeString(base64.encodeToString(SigningKeys.der(certificate))); // standard base64 (RFC 7517 §4.7)
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** Base64url of the big-endian magnitude without a sign byte (RFC 7518 §6.3.1). */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        return BASE64URL.encodeToString(bytes);
    }
}
