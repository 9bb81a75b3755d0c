package org.ewstoken.server.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ewstoken.server.throttle.LoginThrottle;
import org.ewstoken.store.AccountName;
import org.ewstoken.store.User;

/**
 * HTTP Basic sign-in behind the failed sign-in throttle: a locked account or address is refused
 * before any password work, and an account that gets locked loses its remembered verifications.
 */
public final class LoginGuard {

    /** What a sign-in came to. */
    public sealed interface Outcome permits Authenticated, Refused, LockedOut {}

    public record Authenticated(User user) implements Outcome {}

    /** No, malformed or wrong credentials: the same for an unknown user and a wrong password. */
    public record Refused() implements Outcome {}

    /** Too many failures: try again after {@code retryAfter}. Says nothing about the password. */
    public record LockedOut(Duration retryAfter) implements Outcome {}

    private static final Refused REFUSED = new Refused();

    private final BasicAuthenticator authenticator;
    private final LoginThrottle throttle;
    /** Keys the guess fingerprints: per process, so they mean nothing outside it. */
    private final SecretKeySpec fingerprintKey;
    /** One initialised MAC per thread: no provider lookup per request. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public LoginGuard(BasicAuthenticator authenticator, LoginThrottle throttle) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.fingerprintKey = new SecretKeySpec(key, "HmacSHA256");
    }

    public Outcome authenticate(String authorizationHeader, String remoteAddress) {
        Optional<BasicAuthenticator.Credentials> parsed = BasicAuthenticator.Credentials.parse(authorizationHeader);
        // No password is tried for a missing or malformed header, or a name that can never be a mailbox.
        if (parsed.isEmpty()) return REFUSED;
        AccountName account = parsed.get().user();
        long guess = fingerprint(parsed.get());
        parsed.get().wipe();

        LoginThrottle.Attempt attempt = throttle.begin(account, remoteAddress, guess);
        if (!attempt.allowed()) return new LockedOut(attempt.retryAfter());
        Optional<User> user;
        try {
            user = authenticator.authenticate(authorizationHeader);
        } catch (RuntimeException e) {
            attempt.abandoned();
            throw e;
        }
        if (user.isPresent()) {
            attempt.succeeded();
            return new Authenticated(user.get());
        }
        if (attempt.failed()) authenticator.forget(account);
        return REFUSED;
    }

    /** 64 bits of an HMAC of user and password: tells parallel tries of one password from different guesses. */
    private long fingerprint(BasicAuthenticator.Credentials c) {
        Mac mac = macs.get();
        mac.update(c.user().value().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(c.password()));
        mac.update(pw);
        Arrays.fill(pw.array(), (byte) 0);
        return ByteBuffer.wrap(mac.doFinal()).getLong(); // doFinal also resets it for the next use
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
