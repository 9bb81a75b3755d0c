package org.ewstoken.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks an {@code Authorization: Basic} header against one configured client id and secret, in
 * constant time: both sides are hashed first, so neither the length nor the first differing byte of
 * the secret shows in the timing. Per RFC 6749 §2.3.1 the client may form-urlencode id and secret; both
 * spellings are accepted.
 */
final class ClientCredential {

    private static final int MAX_HEADER_LENGTH = 4096;

    private final byte[] idDigest;
    private final byte[] secretDigest;

    ClientCredential(String clientId, String secret) {
        this.idDigest = sha256(clientId);
        this.secretDigest = sha256(secret);
    }

    boolean matches(String authorization) {
        if (authorization == null || authorization.length() > MAX_HEADER_LENGTH
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return false;
        String id = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        return same(id, secret) | same(formDecode(id), formDecode(secret)); // no short cut: same time either way
    }

    private boolean same(String id, String secret) {
        return MessageDigest.isEqual(idDigest, sha256(id)) & MessageDigest.isEqual(secretDigest, sha256(secret));
    }

    private static String formDecode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ClientCredential[***]";
    }
}
