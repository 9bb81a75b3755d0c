package org.ewstoken.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.ewstoken.server.throttle.LoginThrottle;

/**
 * What a connection may hold, and for how long, whoever is on the other end. Jetty parses headers
 * without a thread, so a silent or trickling client costs a connection slot, not a thread; these
 * bounds make sure a slot is never held for long and that anonymous clients cannot fill them all:
 * <ul>
 *   <li>at most {@code perAddress} connections from one client address (IPv6: one /64), beyond which a
 *       new connection is closed at once (off behind a trusted reverse proxy, where every connection
 *       comes from the proxy);</li>
 *   <li>at most {@code max} connections in all; one more closes the connection that has waited longest
 *       without sending a request (then the longest-idle kept-alive one), never one with a request in
 *       progress, so that a flood of silent connections cannot keep a real client out;</li>
 *   <li>a new connection must deliver a complete request head within {@code headerTimeout}, a kept-alive
 *       one within {@code idleTimeout} of its previous answer, however it trickles;</li>
 *   <li>once a request is handed to the handlers, its whole body must arrive within {@code bodyTimeout}
 *       (chunk extensions included).</li>
 * </ul>
 * A connection past its deadline is closed. Deadlines are checked by one timer thread twice a second.
 */
public final class ConnectionGuard extends AbstractLifeCycle {

    private enum Phase { FIRST_REQUEST, NEXT_REQUEST, BODY, ANSWERING }

    /** One open connection; the fields are written by its request thread and read by the timer and evictions. */
    private static final class Tracked {
        final Connection connection;
        final String address;
        final long openedAt;
        volatile Phase phase = Phase.FIRST_REQUEST;
        /** System.nanoTime() after which the connection is closed; meaningful unless ANSWERING. */
        volatile long deadline;
        volatile long since;

        Tracked(Connection connection, String address, long now, long deadline) {
            this.connection = connection;
            this.address = address;
            this.openedAt = now;
            this.since = now;
            this.deadline = deadline;
        }
    }

    private final int max;
    private final int perAddress;
    private final long headerNanos;
    private final long idleNanos;
    private final long bodyNanos;
    private final Map<Connection, Tracked> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger evicted = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private ScheduledExecutorService timer;

    /**
     * @param perAddress most connections per client address; 0 for no such limit
     */
    public ConnectionGuard(int max, int perAddress, Duration headerTimeout, Duration idleTimeout, Duration bodyTimeout) {
        this.max = max;
        this.perAddress = perAddress;
        this.headerNanos = headerTimeout.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
    }

    /** The guard of a server this package made, or null. */
    public static ConnectionGuard of(Server server) {
        return server.getBean(ConnectionGuard.class);
    }

    /**
     * Wraps the server's handlers (every listener's) so that the guard knows when a request starts, has its body,
     * and ends; and so that a request target with more than one reading never reaches routing ({@link RequestTarget}).
     */
    public Handler around(Handler handlers) {
        return new Exchanges(new RequestTarget(handlers));
    }

    /** Connections closed so far because the server was full, because a deadline passed, and refused per address. */
    public String counts() {
        return "evicted " + evicted.get() + ", expired " + expired.get() + ", refused " + refused.get();
    }

    /** Whether the connection may stay open; if not, the caller closes it. */
    boolean opened(Connection connection) {
        long now = System.nanoTime();
        String address = addressOf(connection.getEndPoint().getRemoteSocketAddress());
        if (perAddress > 0) {
            AtomicInteger n = byAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (n.incrementAndGet() > perAddress) {
                n.decrementAndGet();
                refused.incrementAndGet();
                return false;
            }
        }
        Tracked t = new Tracked(connection, address, now, now + headerNanos);
        open.put(connection, t);
        if (open.size() > max && !evictOne(t)) {
            forget(connection);
            refused.incrementAndGet();
            return false;
        }
        return true;
    }

    void closed(Connection connection) {
        forget(connection);
    }

    private void forget(Connection connection) {
        Tracked t = open.remove(connection);
        if (t != null && perAddress > 0) {
            byAddress.computeIfPresent(t.address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Closes the connection that has waited longest for a first request, else the longest idle one. */
    private boolean evictOne(Tracked newcomer) {
        Tracked oldestFirst = null;
        Tracked oldestIdle = null;
        for (Tracked t : open.values()) {
            if (t == newcomer) continue;
            if (t.phase == Phase.FIRST_REQUEST && (oldestFirst == null || t.openedAt - oldestFirst.openedAt < 0)) {
                oldestFirst = t;
            } else if (t.phase == Phase.NEXT_REQUEST && (oldestIdle == null || t.since - oldestIdle.since < 0)) {
                oldestIdle = t;
            }
        }
        Tracked victim = oldestFirst != null ? oldestFirst : oldestIdle;
        if (victim == null) return false;
        evicted.incrementAndGet();
        forget(victim.connection);
        victim.connection.getEndPoint().close();
        return true;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Tracked t : open.values()) {
            if (t.phase != Phase.ANSWERING && now - t.deadline > 0) {
                expired.incrementAndGet();
                forget(t.connection);
                t.connection.getEndPoint().close();
            }
        }
    }

    private void requestStarted(Tracked t) {
        enter(t, Phase.BODY, bodyNanos);
    }

    private void bodyRead(Tracked t) {
        if (t.phase == Phase.BODY) t.phase = Phase.ANSWERING;
    }

    private void requestEnded(Tracked t) {
        enter(t, Phase.NEXT_REQUEST, idleNanos);
    }

    /** A phase with a deadline: the connection has {@code allowed} nanoseconds from now to leave it. */
    private static void enter(Tracked t, Phase phase, long allowed) {
        long now = System.nanoTime();
        t.since = now;
        t.deadline = now + allowed;
        t.phase = phase;
    }

    /** Client addresses as the login throttle counts them (an IPv6 /64 is one subscriber). */
    static String addressOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return LoginThrottle.addressKey(inet.getAddress().getHostAddress());
        }
        return String.valueOf(remote);
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ewstoken-connection-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweep, 500, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        timer.shutdownNow();
        open.clear();
        byAddress.clear();
    }

    /** Marks each exchange's start, the end of its body, and its end. */
    private final class Exchanges extends Handler.Wrapper {

        Exchanges(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Tracked t = open.get(request.getConnectionMetaData().getConnection());
            if (t == null) return super.handle(request, response, callback);
            requestStarted(t);
            Callback ended = new Callback.Nested(callback) {
                @Override
                public void succeeded() {
                    requestEnded(t);
                    super.succeeded();
                }

                @Override
                public void failed(Throwable x) {
                    requestEnded(t);
                    super.failed(x);
                }
            };
            Request watched = new Request.Wrapper(request) {
                @Override
                public Content.Chunk read() {
                    Content.Chunk chunk = super.read();
                    if (chunk != null && chunk.isLast()) bodyRead(t);
                    return chunk;
                }
            };
            boolean handled = super.handle(watched, response, ended);
            if (!handled) requestEnded(t);
            return handled;
        }
    }
}
