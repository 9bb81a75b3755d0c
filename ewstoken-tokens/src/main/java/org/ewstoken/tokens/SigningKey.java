package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * An RSA private key with the certificate that publishes its public half.
 *
 * @param keyId       the certificate's x5t thumbprint ({@link SigningKeys#thumbprint}); tokens carry it
 *                    in their header so a verifier can pick the certificate from the metadata document
 * @param privateKey  the RSA private key that signs tokens
 * @param certificate the certificate published in the metadata document
 */
public record SigningKey(String keyId, PrivateKey privateKey, X509Certificate certificate) {

    public SigningKey {
        requireNonNull(keyId, "keyId");
        requireNonNull(privateKey, "privateKey");
        requireNonNull(certificate, "certificate");
        if (!"RSA".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("signing key must be RSA, got " + privateKey.getAlgorithm());
        }
        // A wrong key id would make every token unverifiable, so catch it where the pair is formed.
        String thumbprint = SigningKeys.thumbprint(certificate);
        if (!keyId.equals(thumbprint)) {
            throw new IllegalArgumentException(
                    "keyId " + keyId + " is not the certificate thumbprint " + thumbprint);
        }
    }

    /** Never prints the private key (records print every component by default). */
    @Override
    public String toString() {
        return "SigningKey[keyId=" + keyId + ", subject=" + certificate.getSubjectX500Principal().getName()
                + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
    }
}
