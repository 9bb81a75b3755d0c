package org.ewstoken.server.identity;

import java.time.Duration;
import java.util.Optional;
import org.ewstoken.server.auth.PasswordChecksBusyException;
import org.ewstoken.server.throttle.LoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic (and a name and password typed into the console's form): the header parsed once, the guess passed through the failed sign-in throttle, the
 * password asked of a {@link PasswordCheck}. A locked account or address is refused before any
 * password work; an account that gets locked loses its remembered verifications.
 */
public final class BasicMethod implements SignInMethod {

    private static final Logger LOG = LoggerFactory.getLogger(BasicMethod.class);
    private static final SignInResult.Unavailable BUSY =
            new SignInResult.Unavailable(Duration.ofSeconds(1), "password checks busy");

    private final PasswordCheck passwords;
    private final LoginThrottle throttle;
    private final KeyedDigest digest;
    private final String challenge;

    public BasicMethod(PasswordCheck passwords, LoginThrottle throttle, KeyedDigest digest, String realm) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.digest = digest;
        this.challenge = "Basic realm=\"" + realm.replace("\"", "") + "\"";
    }

    @Override
    public String name() {
        return "basic";
    }

    @Override
    public Optional<String> challenge() {
        return Optional.of(challenge);
    }

    @Override
    public SignInResult signIn(SignInRequest request) {
        return signIn(request, false);
    }

    /** The same, when the password check remembers the credentials (or the guess is locked out); no form sign-in. */
    @Override
    public SignInResult signInAtOnce(SignInRequest request) {
        return request.typed().isPresent() ? SignInResult.WOULD_WAIT : signIn(request, true);
    }

    private SignInResult signIn(SignInRequest request, boolean atOnce) {
        Optional<BasicCredentials> parsed;
        if (request.typed().isPresent()) { // the console's form: the same checks, throttle and lockouts
            parsed = BasicCredentials.of(request.typed().get());
        } else {
            Optional<String> encoded = request.credentials("Basic");
            if (encoded.isEmpty()) return SignInResult.NOT_MINE;
            parsed = BasicCredentials.parse(encoded.get());
        }
        // No password is tried for a malformed header or a name that can never be a mailbox: nothing to count.
        if (parsed.isEmpty()) return SignInResult.REFUSED;
        BasicCredentials c = parsed.get();
        try {
            return guarded(c, request.remoteAddress(), atOnce);
        } finally {
            c.wipe();
        }
    }

    private SignInResult guarded(BasicCredentials c, String remoteAddress, boolean atOnce) {
        LoginThrottle.Attempt attempt = throttle.begin(c.user(), remoteAddress, digest.fingerprint(c.user().value(), c.password()));
        if (!attempt.allowed()) return new SignInResult.LockedOut(attempt.retryAfter());
        PasswordCheck.Verdict verdict;
        try {
            verdict = atOnce ? passwords.checkAtOnce(c.user(), c.password()) : passwords.check(c.user(), c.password());
            if (verdict == null) { // not remembered: nothing was checked, so nothing counts
                attempt.abandoned();
                return SignInResult.WOULD_WAIT;
            }
            if (verdict instanceof PasswordCheck.Unknown) passwords.decoy(c.password());
        } catch (PasswordChecksBusyException busy) {
            // Every password-check slot is taken (a flood of sign-ins): no guess was checked, nothing counts.
            attempt.abandoned();
            return BUSY;
        } catch (RuntimeException e) {
            attempt.abandoned();
            throw e;
        }
        if (verdict instanceof PasswordCheck.Valid valid) {
            attempt.succeeded();
            return new SignInResult.SignedIn(valid.identity());
        }
        if (verdict instanceof PasswordCheck.Unavailable down) {
            attempt.abandoned(); // the directory's outage is nobody's failed guess
            LOG.warn("password check unavailable: {}", down.reason());
            return new SignInResult.Unavailable(down.retryAfter(), down.reason());
        }
        if (attempt.failed()) passwords.forget(c.user()); // Invalid or Unknown: the same to the caller
        return SignInResult.REFUSED;
    }

}
