package org.ewstoken.server.auth;

import java.time.Duration;
import java.util.Optional;
import org.ewstoken.server.throttle.LoginThrottle;
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

    public LoginGuard(BasicAuthenticator authenticator, LoginThrottle throttle) {
        this.authenticator = authenticator;
        this.throttle = throttle;
    }

    public Outcome authenticate(String authorizationHeader, String remoteAddress) {
        Optional<BasicAuthenticator.Credentials> parsed = BasicAuthenticator.Credentials.parse(authorizationHeader);
        if (parsed.isEmpty()) return REFUSED; // no password was tried: nothing to count
        String account = parsed.get().user();
        parsed.get().wipe();

        LoginThrottle.Attempt attempt = throttle.begin(account, remoteAddress);
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
}
