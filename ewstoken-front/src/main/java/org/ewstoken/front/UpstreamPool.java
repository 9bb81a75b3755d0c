package org.ewstoken.front;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.IO;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.ewstoken.server.http.ListenerConnector;

/**
 * The idle keep-alive connections to the upstream, one set per selector of the server, most recently used first (warm
 * connections, and idle ones time out at the far end of each deque). A request takes one of its own selector's, or a
 * new one registered with that selector ({@link ListenerConnector.Home}): then one thread serves both connections of
 * an exchange, and neither wakes another selector's thread (docs/benchmarks.md, "Issue 21, fourth session: the
 * front"). A request on a connection of another kind of connector uses Jetty's {@link ClientConnector}'s own
 * selectors. There is no other bound than the requests in progress, which the server's connection limits bound. The
 * connector's settings hold either way: connect and idle timeouts, TLS with the upstream's certificate and host name
 * verified.
 */
final class UpstreamPool extends ContainerLifeCycle {

    private final ClientConnector connector;
    private final UpstreamTarget target;
    private final boolean tls;
    /** Idle connections by the server selector that serves them ({@link #OWN}: the client connector's selectors). */
    private final Map<Object, ConcurrentLinkedDeque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
    private static final Object OWN = new Object();
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
        for (ConcurrentLinkedDeque<UpstreamConnection> home : idle.values()) {
            for (UpstreamConnection c; (c = home.pollFirst()) != null; ) c.close();
        }
        super.doStop();
    }

    ClientConnector connector() {
        return connector;
    }

    /**
     * A pooled connection served by {@code request}'s selector, or a new one once connected; failures (refused, timed
     * out, unknown host) to {@code promise}. A new connection is opened from the pool's executor: resolving the
     * upstream's name may wait on DNS, which the selector thread that runs a pass-through must not.
     */
    void acquire(Request request, Promise<UpstreamConnection> promise) {
        ListenerConnector.Home home = ListenerConnector.home(request);
        ConcurrentLinkedDeque<UpstreamConnection> deque = idle.computeIfAbsent(home == null ? OWN : home,
                k -> new ConcurrentLinkedDeque<>());
        for (UpstreamConnection c; (c = deque.pollFirst()) != null; ) {
            if (c.getEndPoint().isOpen()) {
                promise.succeeded(c);
                return;
            }
        }
        try {
            connector.getExecutor().execute(() -> connect(home, deque, promise));
        } catch (RuntimeException e) {
            promise.failed(e);
        }
    }

    private void connect(ListenerConnector.Home home, ConcurrentLinkedDeque<UpstreamConnection> deque,
                         Promise<UpstreamConnection> promise) {
        SocketChannel channel = null;
        try {
            // Resolved for each new connection, so that a changed address is followed.
            InetSocketAddress address = new InetSocketAddress(target.ews().getHost(), target.port());
            Map<String, Object> context = new HashMap<>();
            context.put(ClientConnectionFactory.CONTEXT_KEY, factory);
            context.put(ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY, Promise.<Connection>from(
                    c -> { }, promise::failed)); // success is reported by the connection once open
            context.put(PROMISE, promise);
            context.put(HOME, deque);
            if (home == null) {
                context.put(Transport.CONTEXT_KEY, Transport.TCP_IP);
                connector.connect(address, context);
                return;
            }
            context.put(ClientConnector.CONTEXT_KEY, connector);
            context.put(ClientConnector.REMOTE_SOCKET_ADDRESS_CONTEXT_KEY, address); // TLS: the host name to verify
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, connector.isTCPNoDelay());
            channel.configureBlocking(false);
            boolean connected = channel.connect(address);
            home.register(channel, connected, new Outgoing(context, promise));
        } catch (Throwable e) { // not only IOException: an unresolved address is thrown as UnresolvedAddressException
            IO.close(channel);
            promise.failed(e);
        }
    }

    /** A new connection registered with a server selector: the client connector's timeouts and connection factory. */
    private final class Outgoing implements ListenerConnector.Outgoing {
        private final Map<String, Object> context;
        private final Promise<UpstreamConnection> promise;

        Outgoing(Map<String, Object> context, Promise<UpstreamConnection> promise) {
            this.context = context;
            this.promise = promise;
        }

        @Override
        public long idleTimeoutMillis() {
            return connector.getIdleTimeout().toMillis();
        }

        @Override
        public long connectTimeoutMillis() {
            return connector.getConnectTimeout().toMillis();
        }

        @Override
        public Connection newConnection(EndPoint endPoint) throws IOException {
            return factory.newConnection(endPoint, context);
        }

        @Override
        public void failed(Throwable x) {
            promise.failed(x);
        }
    }

    private static final String PROMISE = UpstreamPool.class.getName() + ".promise";
    private static final String HOME = UpstreamPool.class.getName() + ".home";

    @SuppressWarnings("unchecked")
    private Connection newConnection(EndPoint endPoint, Map<String, Object> context) {
        return new UpstreamConnection(endPoint, this, (ConcurrentLinkedDeque<UpstreamConnection>) context.get(HOME),
                (Promise<UpstreamConnection>) context.get(PROMISE));
    }

    /** Back to its selector's idle connections after a complete exchange. */
    void release(UpstreamConnection c) {
        if (isRunning() && c.getEndPoint().isOpen()) c.home.offerFirst(c);
        else c.close();
    }

    void closed(UpstreamConnection c) {
        c.home.remove(c);
    }
}
