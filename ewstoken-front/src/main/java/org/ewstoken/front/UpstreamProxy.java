package org.ewstoken.front;

import java.time.Duration;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.http.RouteCall;

/**
 * The front's forwarding to the upstream EWS server (docs/front.md). Two engines, one header step
 * ({@link UpstreamHeaders}), one mapping of failures to SOAP faults ({@link UpstreamFailure}):
 * <ul>
 *   <li>the pooled engine ({@link Forwarding} on {@link UpstreamConnection}s from an {@link UpstreamPool}): every request
 *       of a client connection that does not speak NTLM/Negotiate, the callback gate's included. It sits on Jetty's
 *       connections, parser and buffers directly, because Jetty's HTTP client (behind its {@code ProxyHandler}) costs
 *       more per request than the whole of what a pass-through needs (docs/benchmarks.md, "The EWS front");</li>
 *   <li>the connection-bound engine ({@link PinnedProxy}, Jetty's {@code ProxyHandler} and HTTP client): client
 *       connections that speak NTLM or Negotiate, each with an upstream connection of its own, which
 *       {@link NegotiateRelay} also uses.</li>
 * </ul>
 * Bodies stream both ways chunk by chunk with back-pressure in both: nothing is held whole (but a callback-token
 * request's rewritten body, which the gate made).
 */
final class UpstreamProxy extends Handler.Abstract {

    /** Connection attribute: the pinned upstream connection answered 2xx after NTLM/Negotiate (it is signed in). */
    static final String SIGNED_IN = UpstreamProxy.class.getName() + ".signedIn";

    private final PinnedProxy pinned;
    private final ForwardingEngine engine;

    /**
     * @param client    Jetty's HTTP client, for the connection-bound engine and the front's own upstream calls
     * @param connector the pooled engine's connector (timeouts and TLS set)
     */
    UpstreamProxy(HttpClient client, ClientConnector connector, java.net.URI upstreamEws, boolean trustForwarded,
                  Duration idleTimeout, Duration timeout, SoapResponseWriter writer, FrontMetrics metrics) {
        super(InvocationType.NON_BLOCKING);
        UpstreamTarget target = new UpstreamTarget(upstreamEws);
        UpstreamHeaders headers = new UpstreamHeaders(trustForwarded);
        this.pinned = new PinnedProxy(client, target, headers, idleTimeout, timeout, writer, metrics);
        UpstreamPool pool = new UpstreamPool(connector, target);
        this.engine = new ForwardingEngine(pool, headers, target, writer, metrics, timeout);
        addBean(pinned, true);
        addBean(pool, true);
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        pinned.setServer(server);
    }

    /**
     * The pooled engine never blocks, so a pass-through stays on the selector thread that read it; the
     * connection-bound engine (which may wait for its upstream connection) is handed to the pool.
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (PinnedProxy.needsAffinity(request)) {
            RouteCall.onPool(pinned, request, response, callback);
            return true;
        }
        new Forwarding(engine, request, response, callback, ServiceAccountRequest.of(request)).start();
        return true;
    }

    /** Jetty's HTTP client, for the front's own calls to the upstream (started with this handler). */
    HttpClient getHttpClient() {
        return pinned.getHttpClient();
    }

    /** The client connection's own upstream connection, made now if it has none (blocking, bounded). */
    Connection pinnedConnection(Request clientToProxyRequest, Duration wait) throws Exception {
        return pinned.pinnedConnection(clientToProxyRequest, wait);
    }

    static boolean isConnectionAuthentication(String authorization) {
        return PinnedProxy.isConnectionAuthentication(authorization);
    }
}
