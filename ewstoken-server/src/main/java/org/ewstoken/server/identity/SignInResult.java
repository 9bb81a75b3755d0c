package org.ewstoken.server.identity;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a {@link SignInMethod} made of a request. */
public sealed interface SignInResult {

    /**
     * The caller proved who it is.
     *
     * @param reply      a {@code WWW-Authenticate} value to send with the answer (SPNEGO's mutual
     *                   authentication token), or empty
     * @param bodySha256 the SHA-256 the request body must have (a signature covered it), checked once
     *                   the body is read; or empty
     */
    record SignedIn(Identity identity, Optional<String> reply, Optional<byte[]> bodySha256) implements SignInResult {
        public SignedIn {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(bodySha256, "bodySha256");
        }

        public SignedIn(Identity identity, Optional<String> reply) {
            this(identity, reply, Optional.empty());
        }

        public SignedIn(Identity identity) {
            this(identity, Optional.empty(), Optional.empty());
        }
    }

    /** Not this method's request (another scheme, no credentials): ask the next method. */
    record NotMine() implements SignInResult {}

    /** Bad, unknown, disabled or malformed credentials: all look the same to the caller (401). */
    record Refused() implements SignInResult {}

    /** Too many failed guesses: try again after {@code retryAfter} (429); says nothing about the password. */
    record LockedOut(Duration retryAfter) implements SignInResult {}

    /**
     * A multi-leg exchange goes on: answer 401 with exactly this {@code WWW-Authenticate} value
     * (e.g. {@code Negotiate <token>}).
     */
    record Continue(String challenge) implements SignInResult {}

    /**
     * The method's source (the directory, the identity provider) cannot be asked now: a temporary
     * failure (503 with Retry-After), never counted as a failed guess.
     *
     * @param reason for the operator's log; names no credential
     */
    record Unavailable(Duration retryAfter, String reason) implements SignInResult {}

    /**
     * Only from {@link SignInMethod#signInAtOnce}: the method would have to wait (hash a password, ask a
     * directory or a KDC) to answer; nothing was counted, and {@link SignInMethod#signIn} answers on a thread
     * that may wait.
     */
    record WouldWait() implements SignInResult {}

    NotMine NOT_MINE = new NotMine();
    WouldWait WOULD_WAIT = new WouldWait();
    Refused REFUSED = new Refused();
}
