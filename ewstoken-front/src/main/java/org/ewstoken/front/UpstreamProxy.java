package org.ewstoken.front;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.ewstoken.protocol.SoapFault;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.http.ServerUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's reverse proxy, pointed at the upstream EWS server. Only the direction-named hooks are
 * overridden:
 * <ul>
 *   <li>{@link #rewriteHttpURI}: the client's path and query on the upstream's origin; the EWS URL maps to
 *       the upstream's EWS path (which may differ in case or place);</li>
 *   <li>{@link #copyRequestHeaders}: exactly the headers {@link UpstreamHeaders} makes (proxy headers included), and
 *       for an allowed callback-token request ({@link ServiceAccountRequest}) its rebuilt body;</li>
 *   <li>{@link #sendProxyToServerRequest}: timeouts, a client that goes away aborts the upstream exchange,
 *       and connection affinity: once a client connection speaks NTLM or Negotiate, all its requests go over
 *       one upstream connection of its own (those schemes authenticate the connection, not the request), and
 *       such a connection is never shared with another client;</li>
 *   <li>{@link #onServerToProxyResponseFailure}: an upstream that cannot be reached or is too slow gets a SOAP
 *       fault with an Exchange response code instead of Jetty's bare 502/504.</li>
 * </ul>
 * Bodies stream both ways chunk by chunk with back-pressure, as Jetty's proxy does: nothing is held whole.
 */
final class UpstreamProxy extends ProxyHandler.Reverse {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamProxy.class);

    /** Connection attribute: the upstream connection a client connection is pinned to. */
    private static final String PINNED = UpstreamProxy.class.getName() + ".pinned";
    private static final String STARTED = UpstreamProxy.class.getName() + ".started";
    /** Connection attribute: the pinned upstream connection answered 2xx after NTLM/Negotiate (it is signed in). */
    static final String SIGNED_IN = UpstreamProxy.class.getName() + ".signedIn";
    private static final String ON_PINNED = UpstreamProxy.class.getName() + ".onPinned";

    private final HttpClient client;
    private final URI upstreamEws;
    private final boolean trustForwarded;
    private final Duration idleTimeout;
    private final Duration timeout;
    private final SoapResponseWriter writer;
    private final FrontMetrics metrics;

    UpstreamProxy(HttpClient client, URI upstreamEws, boolean trustForwarded, Duration idleTimeout, Duration timeout,
                  SoapResponseWriter writer, FrontMetrics metrics) {
        super(request -> null); // rewriteHttpURI is overridden
        this.client = client;
        this.upstreamEws = upstreamEws;
        this.trustForwarded = trustForwarded;
        this.idleTimeout = idleTimeout;
        this.timeout = timeout;
        this.writer = writer;
        this.metrics = metrics;
        this.ewsHttpUri = HttpURI.build().scheme(upstreamEws.getScheme()).host(upstreamEws.getHost())
                .port(upstreamEws.getPort()).path(upstreamEws.getRawPath()).asImmutable();
        this.ewsUri = ewsHttpUri.toURI();
    }

    /** Jetty's proxy starts it, then empties its content decoders and protocol handlers (so 401s, redirects and
     *  gzip pass through untouched) and keeps cookies out of it. */
    @Override
    protected HttpClient newHttpClient() {
        return client;
    }

    /** The upstream's EWS URL as the proxy sends it most of the time (EWS path, no query), built and parsed once. */
    private final HttpURI ewsHttpUri;
    private final URI ewsUri;

    @Override
    protected HttpURI rewriteHttpURI(Request clientToProxyRequest) {
        HttpURI in = clientToProxyRequest.getHttpURI();
        String path = in.getPath();
        if (path != null && path.equalsIgnoreCase(ServerUrls.EWS)) {
            if (in.getQuery() == null) return ewsHttpUri;
            path = upstreamEws.getRawPath();
        }
        return HttpURI.build()
                .scheme(upstreamEws.getScheme())
                .host(upstreamEws.getHost())
                .port(upstreamEws.getPort())
                .path(path)
                .query(in.getQuery())
                .asImmutable();
    }

    /** As Jetty's, without formatting and parsing the upstream's EWS URL again for each request. */
    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request clientToProxyRequest, HttpURI newHttpURI) {
        URI uri = newHttpURI == ewsHttpUri ? ewsUri : newHttpURI.toURI();
        return getHttpClient().newRequest(uri).method(clientToProxyRequest.getMethod());
    }

    /** Exactly {@link UpstreamHeaders}' set, which also holds the proxy headers ({@link #addProxyHeaders} adds none). */
    @Override
    protected void copyRequestHeaders(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest) {
        var headers = UpstreamHeaders.of(clientToProxyRequest.getHeaders(), UpstreamHeaders.Hop.of(clientToProxyRequest),
                trustForwarded, ServiceAccountRequest.of(clientToProxyRequest));
        proxyToServerRequest.headers(h -> h.clear().add(headers));
    }

    @Override
    protected void addProxyHeaders(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest) {
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
        if (!needsAffinity(clientToProxyRequest)) {
            proxyToServerRequest.send(listener);
            return;
        }
        ConnectionMetaData meta = clientToProxyRequest.getConnectionMetaData();
        Connection pinned = (Connection) meta.getAttribute(PINNED);
        proxyToServerRequest.attribute(ON_PINNED, Boolean.TRUE);
        if (pinned != null && !pinned.isClosed()) {
            pinned.send(proxyToServerRequest, listener);
            return;
        }
        getHttpClient().resolveDestination(proxyToServerRequest).newConnection(new Promise<>() {
            @Override
            public void succeeded(Connection connection) {
                meta.setAttribute(PINNED, connection);
                // The upstream connection lives as long as the client's, and is nobody else's.
                meta.getConnection().addEventListener(new org.eclipse.jetty.io.Connection.Listener() {
                    @Override
                    public void onClosed(org.eclipse.jetty.io.Connection closed) {
                        connection.close();
                    }
                });
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
        var destination = getHttpClient().resolveDestination(
                new org.eclipse.jetty.client.Origin(upstreamEws.getScheme(), upstreamEws.getHost(), port(upstreamEws)));
        Connection connection = destination.newConnection().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        meta.setAttribute(PINNED, connection);
        meta.getConnection().addEventListener(new org.eclipse.jetty.io.Connection.Listener() {
            @Override
            public void onClosed(org.eclipse.jetty.io.Connection closed) {
                connection.close();
            }
        });
        return connection;
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    /**
     * NTLM and Negotiate authenticate the connection: a handshake's legs must share one upstream connection,
     * and that connection, once signed in, must carry this client's requests only. A callback-token request is
     * sent with the service credential and so never on it.
     */
    private static boolean needsAffinity(Request request) {
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
    protected void onProxyToClientResponseComplete(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest,
            org.eclipse.jetty.client.Response serverToProxyResponse, Response proxyToClientResponse, Callback proxyToClientCallback) {
        metrics.upstream(serverToProxyResponse.getStatus(), elapsed(proxyToServerRequest));
        if (proxyToServerRequest.getAttributes().get(ON_PINNED) != null) {
            int status = serverToProxyResponse.getStatus();
            if (status >= 200 && status < 300) clientToProxyRequest.getConnectionMetaData().setAttribute(SIGNED_IN, Boolean.TRUE);
            else if (status == 401) clientToProxyRequest.getConnectionMetaData().removeAttribute(SIGNED_IN);
        }
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
        Failure kind = Failure.of(failure);
        metrics.upstream(kind.label, elapsed(proxyToServerRequest));
        if (proxyToClientResponse.isCommitted()) {
            // Part of the answer is already on its way: all that can be done is to cut it short.
            LOG.debug("upstream failed after the answer began: {}", failure.toString());
            proxyToClientCallback.failed(failure);
            return;
        }
        LOG.warn("upstream {} {}: {}", proxyToServerRequest.getMethod(), kind.label, failure.toString());
        proxyToClientResponse.reset();
        if (kind.retryAfterSeconds > 0) {
            proxyToClientResponse.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(kind.retryAfterSeconds));
        }
        Answers.fault(writer, proxyToClientResponse, proxyToClientCallback, kind.status, kind.fault());
    }

    private static long elapsed(org.eclipse.jetty.client.Request proxyToServerRequest) {
        Object started = proxyToServerRequest.getAttributes().get(STARTED);
        return started instanceof Long t ? System.nanoTime() - t : 0;
    }

    /** How an upstream exchange failed, and the answer to give for it. */
    enum Failure {
        /** Nothing listens, the name does not resolve, the connection was refused or reset. */
        CONNECT_FAILED("connect_failed", 503, 5),
        /** No answer (or no byte of it) within the timeouts. */
        TIMEOUT("timeout", 504, 0),
        /** The upstream's certificate is not trusted (upstream-ca-file), or TLS failed otherwise. */
        TLS_FAILED("tls_failed", 502, 0);

        final String label;
        final int status;
        final int retryAfterSeconds;

        Failure(String label, int status, int retryAfterSeconds) {
            this.label = label;
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        SoapFault fault() {
            return switch (this) {
                case CONNECT_FAILED -> SoapFault.serverBusy(retryAfterSeconds * 1000L);
                case TIMEOUT -> new SoapFault("ErrorTimeoutExpired", "The mail server did not answer in time.",
                        "The mail server did not answer in time.", null, null, null, null);
                case TLS_FAILED -> SoapFault.internalServerError();
            };
        }

        static Failure of(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof TimeoutException) return TIMEOUT;
                if (t instanceof SSLException) return TLS_FAILED;
                if (t instanceof ConnectException || t instanceof UnknownHostException
                        || t instanceof UnresolvedAddressException) {
                    return CONNECT_FAILED;
                }
            }
            return CONNECT_FAILED;
        }
    }

    @Override
    protected HttpField filterServerToProxyResponseField(HttpField serverToProxyResponseField) {
        return serverToProxyResponseField; // the upstream's answer comes back unchanged (less the hop-by-hop headers)
    }
}
