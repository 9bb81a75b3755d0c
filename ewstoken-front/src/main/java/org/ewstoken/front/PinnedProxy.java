package org.ewstoken.front;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.ewstoken.protocol.SoapResponseWriter;

/**
 * The connection-bound engine: Jetty's reverse proxy and HTTP client, for client connections that speak NTLM or
 * Negotiate. Those authenticate the connection, not the request: a handshake's legs must share one upstream
 * connection, and that connection, once signed in, carries this client's requests only (and {@link NegotiateRelay}'s
 * own calls for it). So each such client connection gets an upstream connection of its own, closed with it; every
 * other request goes through the pooled engine ({@link Forwarding}). Headers come from {@link UpstreamHeaders}.
 */
final class PinnedProxy extends ProxyHandler.Reverse {

    /** Connection attribute: the upstream connection a client connection is pinned to. */
    private static final String PINNED = PinnedProxy.class.getName() + ".pinned";
    private static final String STARTED = PinnedProxy.class.getName() + ".started";

    private final HttpClient client;
    private final UpstreamTarget target;
    private final UpstreamHeaders headers;
    private final Duration idleTimeout;
    private final Duration timeout;
    private final SoapResponseWriter writer;
    private final FrontMetrics metrics;

    PinnedProxy(HttpClient client, UpstreamTarget target, UpstreamHeaders headers, Duration idleTimeout, Duration timeout,
                SoapResponseWriter writer, FrontMetrics metrics) {
        super(request -> null); // rewriteHttpURI is overridden
        this.client = client;
        this.target = target;
        this.headers = headers;
        this.idleTimeout = idleTimeout;
        this.timeout = timeout;
        this.writer = writer;
        this.metrics = metrics;
    }

    /** Jetty's proxy starts it, then empties its content decoders and protocol handlers (so 401s, redirects and
     *  gzip pass through untouched) and keeps cookies out of it. */
    @Override
    protected HttpClient newHttpClient() {
        return client;
    }

    /**
     * Whether this request must go over its client connection's own upstream connection: the connection already has
     * one, or this request starts NTLM/Negotiate. A callback-token request is sent with the service credential and so
     * never on it.
     */
    static boolean needsAffinity(Request request) {
        if (ServiceAccountRequest.of(request) != null) return false;
        if (request.getConnectionMetaData().getAttribute(PINNED) != null) return true;
        return isConnectionAuthentication(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    }

    static boolean isConnectionAuthentication(String authorization) {
        if (authorization == null) return false;
        String a = authorization.stripLeading().toLowerCase(Locale.ROOT);
        return a.startsWith("ntlm ") || a.startsWith("negotiate ") || a.equals("ntlm") || a.equals("negotiate");
    }

    @Override
    protected HttpURI rewriteHttpURI(Request clientToProxyRequest) {
        return target.uri(clientToProxyRequest);
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request clientToProxyRequest, HttpURI newHttpURI) {
        return getHttpClient().newRequest(newHttpURI.toURI()).method(clientToProxyRequest.getMethod());
    }

    @Override
    protected void copyRequestHeaders(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest) {
        HttpFields fields = headers.of(clientToProxyRequest);
        proxyToServerRequest.headers(h -> h.clear().add(fields));
    }

    @Override
    protected void addProxyHeaders(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest) {
        // Via, Forwarded and X-Forwarded-* came with UpstreamHeaders.
    }

    @Override
    protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(Request clientToProxyRequest,
            Response proxyToClientResponse, org.eclipse.jetty.client.Request proxyToServerRequest) {
        ServiceAccountRequest service = ServiceAccountRequest.of(clientToProxyRequest);
        if (service != null) return new BytesRequestContent(ServiceAccountRequest.CONTENT_TYPE, service.body());
        return super.newProxyToServerRequestContent(clientToProxyRequest, proxyToClientResponse, proxyToServerRequest);
    }

    @Override
    protected void sendProxyToServerRequest(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest,
                                            Response proxyToClientResponse, Callback proxyToClientCallback) {
        proxyToServerRequest.idleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!timeout.isZero()) proxyToServerRequest.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        proxyToServerRequest.attribute(STARTED, System.nanoTime());
        // A client that goes away (or times out) takes its upstream exchange with it.
        clientToProxyRequest.addFailureListener(proxyToServerRequest::abort);
        var listener = newServerToProxyResponseListener(clientToProxyRequest, proxyToServerRequest, proxyToClientResponse,
                proxyToClientCallback);
        ConnectionMetaData meta = clientToProxyRequest.getConnectionMetaData();
        Connection pinned = (Connection) meta.getAttribute(PINNED);
        if (pinned != null && !pinned.isClosed()) {
            pinned.send(proxyToServerRequest, listener);
            return;
        }
        getHttpClient().resolveDestination(proxyToServerRequest).newConnection(new Promise<>() {
            @Override
            public void succeeded(Connection connection) {
                pin(meta, connection);
                connection.send(proxyToServerRequest, listener);
            }

            @Override
            public void failed(Throwable failure) {
                proxyToServerRequest.abort(failure);
                onServerToProxyResponseFailure(clientToProxyRequest, proxyToServerRequest, null, proxyToClientResponse,
                        proxyToClientCallback, failure);
            }
        });
    }

    /** The client connection's own upstream connection, made now if it has none (blocking, bounded). */
    Connection pinnedConnection(Request clientToProxyRequest, Duration wait) throws Exception {
        ConnectionMetaData meta = clientToProxyRequest.getConnectionMetaData();
        Connection pinned = (Connection) meta.getAttribute(PINNED);
        if (pinned != null && !pinned.isClosed()) return pinned;
        URI ews = target.ews();
        var destination = getHttpClient().resolveDestination(
                new org.eclipse.jetty.client.Origin(ews.getScheme(), ews.getHost(), target.port()));
        Connection connection = destination.newConnection().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        pin(meta, connection);
        return connection;
    }

    /** The upstream connection lives as long as the client's, and is nobody else's. */
    private static void pin(ConnectionMetaData meta, Connection connection) {
        meta.setAttribute(PINNED, connection);
        meta.getConnection().addEventListener(new org.eclipse.jetty.io.Connection.Listener() {
            @Override
            public void onClosed(org.eclipse.jetty.io.Connection closed) {
                connection.close();
            }
        });
    }

    @Override
    protected void onProxyToClientResponseComplete(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest,
            org.eclipse.jetty.client.Response serverToProxyResponse, Response proxyToClientResponse, Callback proxyToClientCallback) {
        int status = serverToProxyResponse.getStatus();
        metrics.upstream(status, elapsed(proxyToServerRequest));
        if (status >= 200 && status < 300) clientToProxyRequest.getConnectionMetaData().setAttribute(UpstreamProxy.SIGNED_IN, Boolean.TRUE);
        if (status >= 200 && status < 300) AcceptedHandshake.accepted(clientToProxyRequest); // who: RelayedMailbox
        else if (status == 401) clientToProxyRequest.getConnectionMetaData().removeAttribute(UpstreamProxy.SIGNED_IN);
        super.onProxyToClientResponseComplete(clientToProxyRequest, proxyToServerRequest, serverToProxyResponse,
                proxyToClientResponse, proxyToClientCallback);
    }

    @Override
    protected void onProxyToClientResponseFailure(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest,
            org.eclipse.jetty.client.Response serverToProxyResponse, Response proxyToClientResponse, Callback proxyToClientCallback,
            Throwable failure) {
        metrics.upstream("aborted", elapsed(proxyToServerRequest));
        super.onProxyToClientResponseFailure(clientToProxyRequest, proxyToServerRequest, serverToProxyResponse,
                proxyToClientResponse, proxyToClientCallback, failure);
    }

    @Override
    protected void onServerToProxyResponseFailure(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest,
            org.eclipse.jetty.client.Response serverToProxyResponse, Response proxyToClientResponse, Callback proxyToClientCallback,
            Throwable failure) {
        UpstreamFailure.answer(proxyToServerRequest.getMethod(), failure, writer, metrics, elapsed(proxyToServerRequest),
                proxyToClientResponse, proxyToClientCallback);
    }

    private static long elapsed(org.eclipse.jetty.client.Request proxyToServerRequest) {
        Object started = proxyToServerRequest.getAttributes().get(STARTED);
        return started instanceof Long t ? System.nanoTime() - t : 0;
    }

    @Override
    protected HttpField filterServerToProxyResponseField(HttpField serverToProxyResponseField) {
        return serverToProxyResponseField; // the upstream's answer comes back unchanged (less the hop-by-hop headers)
    }
}
