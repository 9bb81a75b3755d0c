package org.ewstoken.server.identity;

import java.util.Optional;

/**
 * One way of signing in (an HTTP authentication scheme, or a trusted front-end's proof). Implementations
 * are thread-safe and stateless per request.
 *
 * <p>Contract: answer {@link SignInResult.NotMine} at once for a request this method does not speak
 * (another scheme, no header), so {@link SignIn} can ask the next one; answer {@link SignInResult.Refused}
 * alike for an unknown account and a wrong secret; never put the credential, a token or a ticket into a
 * log line or an exception message.
 */
public interface SignInMethod {

    /** Short lowercase name for logs, metrics and the audit ("basic", "negotiate", "bearer", "front"). */
    String name();

    /**
     * The {@code WWW-Authenticate} value this method offers when a caller must sign in, e.g.
     * {@code Basic realm="mail.contoso.com"}; empty for methods a client cannot be invited to
     * (a trusted front-end).
     */
    Optional<String> challenge();

    SignInResult signIn(SignInRequest request);

    /**
     * {@link #signIn} when it can answer without waiting on anything (a remembered verification, a
     * lockout, a malformed header), else {@link SignInResult#WOULD_WAIT}: the EWS endpoint answers such
     * requests on the connection's selector thread. The default waits for every request, its own or not.
     */
    default SignInResult signInAtOnce(SignInRequest request) {
        return SignInResult.WOULD_WAIT;
    }
}
