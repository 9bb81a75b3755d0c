package org.ewstoken.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A body a sign-in signature covered (a trusted front-end signs the SHA-256 of what it forwards): read
 * whole, bounded by the stream it comes from, and given to the parser only if it is what was signed.
 */
final class SignedBody {

    /** The body read is not the one signed: the caller is answered 401. */
    static final class NotTheSignedBody extends IOException {
        NotTheSignedBody() {
            super("the body is not the one signed");
        }
    }

    private SignedBody() {
    }

    static InputStream verified(InputStream sent, byte[] expectedSha256) throws IOException {
        byte[] bytes;
        try (sent) {
            bytes = sent.readAllBytes();
        }
        if (!MessageDigest.isEqual(sha256(bytes), expectedSha256)) throw new NotTheSignedBody();
        return new ByteArrayInputStream(bytes);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
