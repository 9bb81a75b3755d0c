package org.ewstoken.validation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** JWS {@code x5t}: base64url (unpadded) of the SHA-1 digest of the certificate's DER encoding. */
final class Thumbprints {

    private Thumbprints() {
    }

    static String x5t(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot compute the thumbprint of " + certificate.getSubjectX500Principal(), e);
        }
    }
}
