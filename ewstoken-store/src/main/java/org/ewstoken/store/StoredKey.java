package org.ewstoken.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A token signing key pair as persisted.
 *
 * @param keyId the certificate thumbprint ({@code x5t}) tokens name it by
 * @param certificateBase64 the DER certificate, standard base64
 * @param sealedPrivateKeyBase64 the private key, encrypted by the server (opaque here); never printed
 * @param createdAt when it was generated, truncated to milliseconds (the store's precision)
 * @param activatesAt from when it may sign; published before that so verifiers can cache it
 * @param retiredAt null while it may sign; otherwise the instant it stopped (or will stop) signing
 */
public record StoredKey(String keyId, String certificateBase64, String sealedPrivateKeyBase64,
                        Instant createdAt, Instant activatesAt, Instant retiredAt) {

    public StoredKey {
        Values.requireText(keyId, "keyId");
        Values.requireText(certificateBase64, "certificateBase64");
        Values.requireText(sealedPrivateKeyBase64, "sealedPrivateKeyBase64");
        createdAt = Values.millis(createdAt, "createdAt");
        activatesAt = Values.millis(activatesAt, "activatesAt");
        retiredAt = retiredAt == null ? null : Values.millis(retiredAt, "retiredAt");
    }

    /** True if tokens may be signed with this key at {@code instant}: activated and not yet retired. */
    public boolean signsAt(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return !instant.isBefore(activatesAt) && (retiredAt == null || instant.isBefore(retiredAt));
    }

    /** Leaves out the key material; records end up in logs. */
    @Override
    public String toString() {
        return "StoredKey[keyId=" + keyId + ", createdAt=" + createdAt + ", activatesAt=" + activatesAt
                + ", retiredAt=" + retiredAt + "]";
    }
}
