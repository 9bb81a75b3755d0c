package org.ewstoken.server.identity;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of an account and a secret under a random per-process key: what caches and the
 * throttle keep instead of passwords. Meaningless outside this process; one initialised MAC per thread.
 */
public final class KeyedDigest {

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public KeyedDigest() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    /** 64 bits: tells parallel tries of one password from different guesses. */
    public long fingerprint(String account, char[] secret) {
        return ByteBuffer.wrap(digest(account, secret, null)).getLong();
    }

    /** The full digest in base64, with an extra value bound in (e.g. the stored hash), or null. */
    public String digestOf(String account, char[] secret, String extra) {
        return Base64.getEncoder().encodeToString(digest(account, secret, extra));
    }

    private byte[] digest(String account, char[] secret, String extra) {
        Mac mac = macs.get();
        mac.update(account.getBytes(StandardCharsets.UTF_8)); // canonical (AccountName) already
        mac.update((byte) 0);
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        mac.update(pw);
        Arrays.fill(pw.array(), (byte) 0);
        if (extra != null) {
            mac.update((byte) 0);
            mac.update(extra.getBytes(StandardCharsets.UTF_8));
        }
        return mac.doFinal(); // also resets it for the next use
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
