package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A signed token and its validity window.
 *
 * @param value     the compact JWS ({@code header.payload.signature})
 * @param notBefore {@code nbf}
 * @param expiresAt {@code exp}
 * @param keyId     the {@code x5t} of the key that signed it
 */
public record IssuedToken(String value, Instant notBefore, Instant expiresAt, String keyId) {

    public IssuedToken {
        requireNonNull(value, "value");
        requireNonNull(notBefore, "notBefore");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(keyId, "keyId");
    }

    /** Leaves the value out: it is a bearer credential and must not reach logs. */
    @Override
    public String toString() {
        return "IssuedToken[keyId=" + keyId + ", notBefore=" + notBefore + ", expiresAt=" + expiresAt
                + ", value=<" + value.length() + " chars>]";
    }
}
