package org.ewstoken.server.http;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.ewstoken.server.identity.SignInResult;

/**
 * The one mapping from a sign-in that did not succeed to an HTTP answer, for EWS and the console alike:
 * 401 with the challenges to offer (or the one a multi-leg exchange goes on with), 429 with Retry-After
 * while locked out, 503 with Retry-After while the method's source cannot be asked. The caller writes the
 * body in its own form (plain text, a problem document, a redirect to the sign-in page).
 *
 * @param status     401, 429 or 503
 * @param challenges the {@code WWW-Authenticate} values of a 401; empty otherwise
 * @param retryAfter when to try again (429, 503)
 * @param message    what went wrong, as a sentence without a final stop; names no credential
 */
public record SignInAnswer(int status, List<String> challenges, Optional<Duration> retryAfter, String message) {

    public SignInAnswer {
        challenges = List.copyOf(challenges);
    }

    /**
     * @param refusal    anything but {@link SignInResult.SignedIn}
     * @param challenges what a caller is invited to sign in with (one per method, in order)
     */
    public static SignInAnswer of(SignInResult refusal, List<String> challenges) {
        if (refusal instanceof SignInResult.SignedIn) throw new IllegalArgumentException("a sign-in is not a refusal");
        if (refusal instanceof SignInResult.LockedOut locked) {
            return new SignInAnswer(429, List.of(), Optional.of(locked.retryAfter()),
                    "Too many failed sign-ins: retry after " + seconds(locked.retryAfter()) + " s");
        }
        if (refusal instanceof SignInResult.Unavailable down) {
            // A directory that cannot be reached, or every password-check slot taken by others' sign-ins:
            // refused at once without holding a request thread, and the client retries.
            return new SignInAnswer(503, List.of(), Optional.of(down.retryAfter()),
                    "Sign-in is temporarily unavailable: retry after " + seconds(down.retryAfter()) + " s");
        }
        if (refusal instanceof SignInResult.Continue more) {
            return new SignInAnswer(401, List.of(more.challenge()), Optional.empty(), "The sign-in goes on");
        }
        return new SignInAnswer(401, challenges, Optional.empty(), "Valid credentials are required"); // Refused, NotMine
    }

    /**
     * Puts the headers on the response: the challenges, Retry-After, and {@code Connection: close} when the
     * request has a body: it is refused unread, so the connection cannot be reused (Jetty closes it after
     * the answer, and a client that reused it meanwhile would get no answer at all); saying so lets the
     * client open a new one.
     */
    public void headers(Request request, Response response) {
        for (String challenge : challenges) response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, challenge);
        retryAfter.ifPresent(d -> response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds(d)));
        closeIfBodyUnread(request, response);
    }

    /** {@code Connection: close} on an answer to a request whose body is left unread (see {@link #headers}). */
    public static void closeIfBodyUnread(Request request, Response response) {
        if (request.getLength() != 0) response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    /** The answer as a plain-text line ({@code 401 Unauthorized: valid credentials are required.}). */
    public String text() {
        return status + " " + (status == 401 ? "Unauthorized: " + detail() : message) + ".";
    }

    /** The message as a problem document's detail: no capital, no stop. */
    public String detail() {
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    /** Whole seconds, rounded up, at least one. */
    public static String seconds(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }
}
