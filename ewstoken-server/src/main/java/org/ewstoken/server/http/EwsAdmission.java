package org.ewstoken.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.EwsRequest;
import org.ewstoken.protocol.GetClientAccessToken;
import org.ewstoken.protocol.SoapFault;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.MailboxResolver;
import org.ewstoken.server.identity.SignIn;
import org.ewstoken.server.identity.SignInRequest;
import org.ewstoken.server.identity.SignInResult;
import org.ewstoken.server.throttle.UserThrottle;
import org.ewstoken.store.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may be served now: sign-in through the enabled methods (the password ones behind the failed
 * sign-in throttle), the caller's mailbox, then the caller's own concurrency and budget. Every
 * refusal is answered here, quickly and without reading the body: 401 with one challenge per method,
 * 429 with Retry-After for a locked sign-in, 503 with Retry-After when the directory cannot be asked,
 * 403 for a caller without a mailbox or without the right to use add-ins, and Exchange's ErrorServerBusy
 * fault (with BackOffMilliseconds, and Retry-After for plain HTTP clients) for a busy user.
 */
record EwsAdmission(SignIn signIn, UserThrottle throttle, SoapResponseWriter writer) {

    private static final Logger LOG = LoggerFactory.getLogger(EwsAdmission.class);

    /** The admitted caller, whose slot frees when the exchange completes; or empty, already answered. */
    Optional<Caller> admit(Request request, Response response, Callback callback) {
        return admit(request, response, callback, signIn.signIn(signInRequest(request)));
    }

    /**
     * The sign-in, when it is answered without waiting and leads to a stored mailbox (found without a
     * query); else {@link SignInResult#WOULD_WAIT}, and {@link #admit} runs where it may wait.
     */
    SignInResult signInAtOnce(Request request) {
        SignInResult outcome = signIn.signInAtOnce(signInRequest(request));
        if (outcome instanceof SignInResult.SignedIn in && in.identity().stored().isEmpty()) return SignInResult.WOULD_WAIT;
        return outcome;
    }

    /** {@link #admit} after the sign-in came to {@code outcome} (never {@link SignInResult.WouldWait}). */
    Optional<Caller> admit(Request request, Response response, Callback callback, SignInResult outcome) {
        if (!(outcome instanceof SignInResult.SignedIn signedIn)) {
            SignInAnswer answer = SignInAnswer.of(outcome, signIn.challenges());
            answer.headers(request, response);
            HttpResponses.text(response, callback, answer.status(), answer.text());
            return Optional.empty();
        }
        Identity identity = signedIn.identity();
        signedIn.reply().ifPresent(r -> response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, r));
        if (!identity.grants().useAddIns()) {
            SignInAnswer.closeIfBodyUnread(request, response);
            HttpResponses.text(response, callback, 403, "403 Forbidden: this account may not use add-ins.");
            return Optional.empty();
        }
        MailboxResolver.Resolution resolution = signIn.mailboxes().resolve(identity);
        if (resolution instanceof MailboxResolver.NoMailbox none) {
            LOG.warn("{} signed in as {} but has no mailbox: {}", identity.method(), identity.smtpAddress(),
                    none.reason());
            SignInAnswer.closeIfBodyUnread(request, response);
            HttpResponses.text(response, callback, 403, "403 Forbidden: " + none.reason() + ".");
            return Optional.empty();
        }
        User user = ((MailboxResolver.Mailbox) resolution).user();
        UserThrottle.Admission admission = throttle.admit(user);
        if (admission instanceof UserThrottle.Busy busy) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, SignInAnswer.seconds(busy.backOff()));
            SignInAnswer.closeIfBodyUnread(request, response);
            HttpResponses.send(response, callback, 500, HttpResponses.XML,
                    writer.fault(SoapFault.serverBusy(busy.backOff().toMillis())));
            return Optional.empty();
        }
        UserThrottle.Permit permit = ((UserThrottle.Admitted) admission).permit();
        Request.addCompletionListener(request, failure -> permit.close());
        return Optional.of(new Caller(user, identity.grants(), signedIn.bodySha256()));
    }

    /**
     * Who is served: the mailbox, what the sign-in source lets it do with add-ins, and the SHA-256
     * the body must have when a signature covered it.
     */
    record Caller(User user, Identity.Grants grants, Optional<byte[]> bodySha256) {

        /** The body to parse: as sent, or, when a signature covered it, read whole and checked ({@link SignedBody}). */
        InputStream body(InputStream sent) throws IOException {
            return bodySha256.isPresent() ? SignedBody.verified(sent, bodySha256.get()) : sent;
        }
    }

    private static SignInRequest signInRequest(Request request) {
        HttpFields headers = request.getHeaders();
        List<X509Certificate> chain = List.of();
        EndPoint.SslSessionData ssl = request.getConnectionMetaData().isSecure()
                ? (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) : null;
        if (ssl != null && ssl.peerCertificates() != null) chain = List.of(ssl.peerCertificates());
        return new SignInRequest(headers.get(HttpHeader.AUTHORIZATION), Request.getRemoteAddr(request),
                request.getMethod(), request.getHttpURI().getPath(), headers::get, chain);
    }

    /** A call costs one token request on admission; the rest of its TokenRequests are charged once read. */
    void charge(User caller, EwsRequest request) {
        if (request.operation() instanceof GetClientAccessToken op) {
            throttle.charge(caller, op.requests().size() - 1);
        }
    }
}
