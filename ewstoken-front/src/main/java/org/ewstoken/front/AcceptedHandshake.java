package org.ewstoken.front;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * The last NTLM/Negotiate {@code Authorization} of a client connection that the upstream accepted, kept on the
 * connection (never logged, gone with the connection): it says who signed in (the names of an NTLM AUTHENTICATE
 * message, the client principal of a Kerberos ticket), which the upstream's answers need not say.
 */
final class AcceptedHandshake {

    private static final String KEY = AcceptedHandshake.class.getName();

    private AcceptedHandshake() {
    }

    /** The upstream accepted {@code request} (2xx) on the connection's own upstream connection. */
    static void accepted(Request request) {
        remember(request.getConnectionMetaData(), request.getHeaders().get(HttpHeader.AUTHORIZATION));
    }

    static void remember(ConnectionMetaData connection, String authorization) {
        if (authorization != null && authorization.strip().indexOf(' ') > 0
                && UpstreamProxy.isConnectionAuthentication(authorization)) {
            connection.setAttribute(KEY, authorization);
        }
    }

    /** The accepted value, or null when none was seen (the connection signed in before it had one). */
    static String of(ConnectionMetaData connection) {
        Object a = connection.getAttribute(KEY);
        return a == null ? null : (String) a;
    }
}
