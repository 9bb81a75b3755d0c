package org.ewstoken.validation;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;

/** RSASSA-PKCS1-v1_5 with SHA-256: the one algorithm accepted, fixed here and never taken from a token. */
final class Rs256 {

    private Rs256() {
    }

    static void verify(JwsToken token, X509Certificate certificate) throws BadSignatureException {
        boolean valid;
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA"); // stateful: one per verification
            rsa.initVerify(certificate.getPublicKey());
            rsa.update(token.signingInput());
            valid = rsa.verify(token.signature());
        } catch (SignatureException e) {
            valid = false; // e.g. a signature of the wrong length: as bad as a wrong one
        } catch (InvalidKeyException e) {
            throw new BadSignatureException("the certificate " + token.keyId() + " does not hold an RSA key, so it "
                    + "cannot verify an RS256 signature");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA256withRSA is missing from this JDK", e); // mandatory in every JDK
        }
        if (!valid) {
            throw new BadSignatureException("the RS256 signature does not verify with certificate " + token.keyId()
                    + ": the token was altered after signing, or signed with another key under the same x5t");
        }
    }

    /** Fails at construction of a validator, not on its first token, if the JDK is unusable. */
    static void requireAvailable() {
        try {
            Signature.getInstance("SHA256withRSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA is missing from this JDK", e);
        }
    }
}
