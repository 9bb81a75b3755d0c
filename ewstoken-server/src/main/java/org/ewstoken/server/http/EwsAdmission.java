package org.ewstoken.server.http;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.EwsRequest;
import org.ewstoken.protocol.GetClientAccessToken;
import org.ewstoken.protocol.SoapFault;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.auth.LoginGuard;
import org.ewstoken.server.throttle.UserThrottle;
import org.ewstoken.store.User;

/**
 * Who may be served now: sign-in behind the failed sign-in throttle, then the caller's own
 * concurrency and budget. Every refusal is answered here, quickly and without reading the body:
 * 401 with a Basic challenge, 429 with Retry-After for a locked sign-in, and Exchange's
 * ErrorServerBusy fault (with BackOffMilliseconds, and Retry-After for plain HTTP clients) for a busy user.
 */
final class EwsAdmission {

    private final LoginGuard guard;
    private final UserThrottle throttle;
    private final SoapResponseWriter writer;
    private final String challenge;

    EwsAdmission(LoginGuard guard, UserThrottle throttle, SoapResponseWriter writer, String realm) {
        this.guard = guard;
        this.throttle = throttle;
        this.writer = writer;
        this.challenge = "Basic realm=\"" + realm.replace("\"", "") + "\"";
    }

    /** The admitted caller, whose slot frees when the exchange completes; or empty, already answered. */
    Optional<User> admit(Request request, Response response, Callback callback) {
        LoginGuard.Outcome outcome = guard.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                Request.getRemoteAddr(request));
        if (outcome instanceof LoginGuard.LockedOut locked) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds(locked.retryAfter()));
            HttpResponses.text(response, callback, 429,
                    "429 Too many failed sign-ins: retry after " + seconds(locked.retryAfter()) + " s.");
            return Optional.empty();
        }
        if (outcome instanceof LoginGuard.Busy busy) {
            // Anonymous load must not queue up request threads: refused at once, and the client retries.
            response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds(busy.retryAfter()));
            HttpResponses.text(response, callback, 503,
                    "503 Too many sign-ins are being checked: retry after " + seconds(busy.retryAfter()) + " s.");
            return Optional.empty();
        }
        if (!(outcome instanceof LoginGuard.Authenticated signedIn)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
            HttpResponses.text(response, callback, 401, "401 Unauthorized: valid HTTP Basic credentials are required.");
            return Optional.empty();
        }
        User user = signedIn.user();
        UserThrottle.Admission admission = throttle.admit(user.smtpAddress());
        if (admission instanceof UserThrottle.Busy busy) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds(busy.backOff()));
            HttpResponses.send(response, callback, 500, HttpResponses.XML,
                    writer.fault(SoapFault.serverBusy(busy.backOff().toMillis())));
            return Optional.empty();
        }
        UserThrottle.Permit permit = ((UserThrottle.Admitted) admission).permit();
        Request.addCompletionListener(request, failure -> permit.close());
        return Optional.of(user);
    }

    /** A call costs one token request on admission; the rest of its TokenRequests are charged once read. */
    void charge(User caller, EwsRequest request) {
        if (request.operation() instanceof GetClientAccessToken op) {
            throttle.charge(caller.smtpAddress(), op.requests().size() - 1);
        }
    }

    private static String seconds(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }
}
