package org.ewstoken.front;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in for ewstoken's own operations with the upstream's NTLM or Negotiate, so that a domain-joined
 * Outlook gets tokens through the front with nothing configured in ewstoken. A handshake leg that arrives on a
 * local operation is relayed to the upstream on the client connection's own upstream connection (as a GetFolder
 * of the inbox); a connection the upstream has signed in (on such a leg, or on any EWS request the proxy carried)
 * is named by the handshake the upstream accepted ({@link RelayedMailbox}), and is signed in as that mailbox for
 * the local operations from then on, until it closes. With negotiate-keytab set the handshake is relayed too (the
 * upstream stays the judge of every connection), and ewstoken only reads the ticket's client principal.
 */
record NegotiateRelay(UpstreamProxy proxy, UpstreamEws upstream, RelayedMailbox mailboxes, RelayedSignIn signIns,
                      Duration connectWait) {

    private static final Logger LOG = LoggerFactory.getLogger(NegotiateRelay.class);
    private static final String HANDLE = NegotiateRelay.class.getName() + ".handle";

    /**
     * Whether {@link #admit} would ask the upstream (a handshake leg, or the first local request of a connection the
     * upstream signed in while proxying): that blocks, so it is done on the pool. Anything else is admitted at once.
     */
    boolean asksUpstream(Request request) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (UpstreamProxy.isConnectionAuthentication(authorization)) return true;
        ConnectionMetaData meta = request.getConnectionMetaData();
        return authorization == null && meta.getAttribute(UpstreamProxy.SIGNED_IN) != null && meta.getAttribute(HANDLE) == null;
    }

    /**
     * The request to hand to the local endpoint (with the relay's handle when the connection is signed in), or
     * empty when this answered the request itself (a challenge, a refusal).
     */
    Optional<Request> admit(Request request, Response response, Callback callback) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        ConnectionMetaData meta = request.getConnectionMetaData();
        boolean leg = UpstreamProxy.isConnectionAuthentication(authorization);
        if (!leg) {
            if (authorization != null || meta.getAttribute(UpstreamProxy.SIGNED_IN) == null) return Optional.of(request);
            Object handle = meta.getAttribute(HANDLE);
            if (handle != null) return Optional.of(withHandle(request, (String) handle));
        }
        UpstreamEws.Leg result;
        RelayedMailbox.Result named = null;
        try {
            var connection = proxy.pinnedConnection(request, connectWait);
            result = upstream.leg(connection, leg ? authorization : null);
            if (result instanceof UpstreamEws.Accepted accepted) {
                if (leg) AcceptedHandshake.remember(meta, authorization);
                named = mailboxes.name(connection, AcceptedHandshake.of(meta), accepted.inboxId());
            }
        } catch (Exception e) {
            LOG.warn("could not relay a sign-in to the upstream: {}", e.toString());
            named = new RelayedMailbox.Unavailable(e.toString());
            result = null;
        }
        if (named instanceof RelayedMailbox.Unavailable) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            Answers.text(response, callback, 503, "503 The mail server cannot check the sign-in now; retry later.");
            return Optional.empty();
        }
        if (result instanceof UpstreamEws.Challenge challenge) {
            meta.removeAttribute(UpstreamProxy.SIGNED_IN);
            challenge.challenges().forEach(c -> response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, c));
            Answers.text(response, callback, 401, "401 Unauthorized.");
            return Optional.empty();
        }
        if (!(named instanceof RelayedMailbox.Named mailbox)) {
            String why = named instanceof RelayedMailbox.Unnamed u ? u.why() : "the mail server refused the sign-in";
            LOG.warn("a connection the mail server signed in gets no token: {}", why);
            Answers.text(response, callback, 403, "403 The mail server signed this connection in but ewstoken cannot "
                    + "tell which mailbox it is.");
            return Optional.empty();
        }
        UpstreamEws.Accepted accepted = (UpstreamEws.Accepted) result;
        meta.setAttribute(UpstreamProxy.SIGNED_IN, Boolean.TRUE);
        String handle = signIns.admit(mailbox.identity());
        Object previous = meta.getAttribute(HANDLE);
        if (previous != null) signIns.drop((String) previous);
        meta.setAttribute(HANDLE, handle);
        meta.getConnection().addEventListener(new org.eclipse.jetty.io.Connection.Listener() {
            @Override
            public void onClosed(org.eclipse.jetty.io.Connection closed) {
                signIns.drop(handle);
            }
        });
        // SPNEGO's mutual-authentication token of the last leg goes back with the answer.
        accepted.replies().forEach(r -> response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, r));
        return Optional.of(withHandle(request, handle));
    }

    private static Request withHandle(Request request, String handle) {
        HttpFields headers = HttpFields.build(request.getHeaders())
                .put(HttpHeader.AUTHORIZATION, RelayedSignIn.SCHEME + " " + handle).asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return headers;
            }
        };
    }
}
