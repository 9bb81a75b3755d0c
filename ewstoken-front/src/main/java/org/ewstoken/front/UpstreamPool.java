package org.ewstoken.front;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * The idle keep-alive connections to the upstream, most recently used first (warm connections, and idle ones time out
 * at the far end of the deque). A request takes one or opens a new one; there is no other bound than the requests in
 * progress, which the server's connection limits bound. Connects go through Jetty's {@link ClientConnector} (its
 * selectors, connect timeout, idle timeout and TLS with the upstream's certificate and host name verified).
 */
final class UpstreamPool extends ContainerLifeCycle {

    private final ClientConnector connector;
    private final UpstreamTarget target;
    private final boolean tls;
    private final ConcurrentLinkedDeque<UpstreamConnection> idle = new ConcurrentLinkedDeque<>();
    private ClientConnectionFactory factory;

    UpstreamPool(ClientConnector connector, UpstreamTarget target) {
        this.connector = connector;
        this.target = target;
        this.tls = "https".equalsIgnoreCase(target.ews().getScheme());
        addBean(connector, true);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ClientConnectionFactory plain = this::newConnection;
        factory = tls ? connector.newSslClientConnectionFactory(connector.getSslContextFactory(), plain) : plain;
    }

    @Override
    protected void doStop() throws Exception {
        for (UpstreamConnection c; (c = idle.pollFirst()) != null; ) c.close();
        super.doStop();
    }

    ClientConnector connector() {
        return connector;
    }

    /**
     * A pooled connection, or a new one once connected; failures (refused, timed out, unknown host) to {@code promise}.
     * A new connection is opened from the pool's executor: resolving the upstream's name may wait on DNS, which the
     * selector thread that runs a pass-through must not.
     */
    void acquire(Promise<UpstreamConnection> promise) {
        for (UpstreamConnection c; (c = idle.pollFirst()) != null; ) {
            if (c.getEndPoint().isOpen()) {
                promise.succeeded(c);
                return;
            }
        }
        try {
            connector.getExecutor().execute(() -> connect(promise));
        } catch (RuntimeException e) {
            promise.failed(e);
        }
    }

    private void connect(Promise<UpstreamConnection> promise) {
        try {
            Map<String, Object> context = new HashMap<>();
            context.put(Transport.CONTEXT_KEY, Transport.TCP_IP);
            context.put(ClientConnectionFactory.CONTEXT_KEY, factory);
            context.put(ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY, Promise.<Connection>from(
                    c -> { }, promise::failed)); // success is reported by the connection once open
            context.put(PROMISE, promise);
            // Resolved for each new connection, so that a changed address is followed.
            connector.connect(new InetSocketAddress(target.ews().getHost(), target.port()), context);
        } catch (RuntimeException e) {
            promise.failed(e);
        }
    }

    private static final String PROMISE = UpstreamPool.class.getName() + ".promise";

    @SuppressWarnings("unchecked")
    private Connection newConnection(EndPoint endPoint, Map<String, Object> context) {
        return new UpstreamConnection(endPoint, connector.getExecutor(), connector.getByteBufferPool(), this,
                (Promise<UpstreamConnection>) context.get(PROMISE));
    }

    /** Back to the pool after a complete exchange. */
    void release(UpstreamConnection c) {
        if (isRunning() && c.getEndPoint().isOpen()) idle.offerFirst(c);
        else c.close();
    }

    void closed(UpstreamConnection c) {
        idle.remove(c);
    }
}
