package org.ewstoken.server.http;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A listener's connector whose selectors also serve outgoing connections made for its requests (the front's
 * upstream connections). An outgoing connection registered with the selector that serves the client's connection
 * is read by the same thread, so the two connections of a forwarded exchange do not wake each other's threads,
 * as nginx serves both on one worker (docs/benchmarks.md, "Issue 21, fourth session: the front"). Jetty chooses
 * a selector only inside its {@link SelectorManager} ({@code chooseSelector}), so the choice is made there.
 * Outgoing connections are not the listener's: they count toward no connection limit and no listener statistic.
 */
public final class ListenerConnector extends ServerConnector {

    /** An outgoing connection to make: its timeouts, its connection once connected, where a failure goes. */
    public interface Outgoing {
        long idleTimeoutMillis();

        long connectTimeoutMillis();

        Connection newConnection(EndPoint endPoint) throws IOException;

        void failed(Throwable x);
    }

    /** One selector of a listener: where outgoing connections for the requests it reads are registered. */
    public record Home(ListenerConnector connector, ManagedSelector selector) {
        /**
         * Registers {@code channel}, non-blocking, its connect begun ({@code connected}: already done), with this
         * selector; {@code outgoing} makes its connection, or hears why it could not be made.
         */
        public void register(SocketChannel channel, boolean connected, Outgoing outgoing) {
            connector.manager().register(selector, channel, connected, outgoing);
        }
    }

    public ListenerConnector(Server server, int acceptors, int selectors, ConnectionFactory... factories) {
        super(server, acceptors, selectors, factories);
    }

    /** The selector that serves {@code request}'s connection, or null when it is not one of this connector's. */
    public static Home home(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (endPoint instanceof SslConnection.SslEndPoint ssl) endPoint = ssl.getSslConnection().getEndPoint();
        return endPoint instanceof Served served ? served.home : null;
    }

    @Override
    protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
        return new Manager(executor, scheduler, selectors);
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        SocketChannelEndPoint endPoint;
        if (key.attachment() instanceof Outgoing o) {
            endPoint = new OutgoingEndPoint(channel, selector, key, getScheduler());
            endPoint.setIdleTimeout(o.idleTimeoutMillis());
        } else {
            endPoint = new Served(channel, selector, key, getScheduler(), new Home(this, selector));
            endPoint.setIdleTimeout(getIdleTimeout());
        }
        return endPoint;
    }

    private Manager manager() {
        return (Manager) getSelectorManager();
    }

    /** A client's connection, which knows its selector. */
    private static final class Served extends SocketChannelEndPoint {
        final Home home;

        Served(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler, Home home) {
            super(channel, selector, key, scheduler);
            this.home = home;
        }
    }

    /** An outgoing connection's end point: kept out of the listener's own bookkeeping. */
    private static final class OutgoingEndPoint extends SocketChannelEndPoint {
        OutgoingEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
            super(channel, selector, key, scheduler);
        }
    }

    private final class Manager extends ServerConnectorManager {
        /** The selector and connect timeout of the registration this thread is making (read within the call). */
        private final ThreadLocal<Registration> registering = new ThreadLocal<>();
        /** Outgoing channels already connected, registered as accepted ones: not announced to accept listeners. */
        private final Map<SelectableChannel, Outgoing> accepting = new ConcurrentHashMap<>();

        private record Registration(ManagedSelector selector, long connectTimeout) {}

        Manager(Executor executor, Scheduler scheduler, int selectors) {
            super(executor, scheduler, selectors);
        }

        void register(ManagedSelector selector, SocketChannel channel, boolean connected, Outgoing o) {
            registering.set(new Registration(selector, o.connectTimeoutMillis()));
            try {
                if (connected) {
                    accepting.put(channel, o);
                    accept(channel, o);
                } else {
                    connect(channel, o);
                }
            } finally {
                registering.remove();
            }
        }

        @Override
        protected ManagedSelector chooseSelector() {
            Registration r = registering.get();
            return r != null ? r.selector() : super.chooseSelector();
        }

        @Override
        public long getConnectTimeout() {
            Registration r = registering.get();
            return r != null ? r.connectTimeout() : super.getConnectTimeout();
        }

        @Override
        public Connection newConnection(SelectableChannel channel, EndPoint endPoint, Object attachment)
                throws IOException {
            return attachment instanceof Outgoing o ? o.newConnection(endPoint)
                    : super.newConnection(channel, endPoint, attachment);
        }

        @Override
        protected void endPointOpened(EndPoint endPoint) {
            if (!(endPoint instanceof OutgoingEndPoint)) super.endPointOpened(endPoint);
        }

        @Override
        protected void connectionFailed(SelectableChannel channel, Throwable failure, Object attachment) {
            super.connectionFailed(channel, failure, attachment);
            if (attachment instanceof Outgoing o) o.failed(failure);
        }

        @Override
        protected void onAccepting(SelectableChannel channel) {
            if (!accepting.containsKey(channel)) super.onAccepting(channel);
        }

        @Override
        protected void onAccepted(SelectableChannel channel) {
            if (accepting.remove(channel) == null) super.onAccepted(channel);
        }

        @Override
        protected void onAcceptFailed(SelectableChannel channel, Throwable failure) {
            Outgoing o = accepting.remove(channel);
            if (o != null) o.failed(failure);
            else super.onAcceptFailed(channel, failure);
        }
    }
}
