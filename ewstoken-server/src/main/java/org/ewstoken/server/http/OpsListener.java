package org.ewstoken.server.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.config.ServerConfig;

/**
 * The operator listener ({@code ops-bind}:{@code ops-port}): {@code /readyz} and {@code /metrics} show
 * key ids, store health and traffic, so they belong where only operators reach, not on the listener
 * clients use. Without an operator listener they stay on the main one only while it is bound to a
 * loopback address (the default); {@code /healthz} says nothing and is served everywhere.
 *
 * <p>{@link Routing} sends each request to the handlers of the listener (connector) it came in on, so
 * other listeners (the console's admin listener, say) can sit beside this one.
 */
public final class OpsListener {

    /** The connector name of the operator listener. */
    public static final String NAME = "ops";

    private OpsListener() {
    }

    /** Opens (binds) the operator listener if {@code ops-port} is set; its port, or -1. */
    static int open(Server jetty, ServerConfig config, HttpConfiguration http, ConnectionGuard guard) {
        if (!config.hardening().opsListener()) return -1;
        ServerConnector connector = new ServerConnector(jetty, new GuardedHttpConnectionFactory(http, guard,
                config.hardening().maxChunkExtensionBytes() + ServerShell.CHUNK_SIZE_DIGITS));
        connector.setName(NAME);
        connector.setHost(config.hardening().opsBind());
        connector.setPort(config.hardening().opsPort().get());
        connector.setIdleTimeout(config.limits().idleTimeout().toMillis());
        try {
            connector.open();
        } catch (IOException e) {
            throw ListenFailure.of(config.hardening().opsBind(), config.hardening().opsPort().get(), "ops-port", null, e);
        }
        jetty.addConnector(connector);
        return connector.getLocalPort();
    }

    /**
     * Opens (binds) another named listener the way this one is opened, with the main listener's HTTP
     * settings and the same connection guard: the console's admin listener ({@code admin-bind}:{@code admin-port}).
     * Route its requests with {@link Routing#listener}. Returns its port.
     */
    public static int openNamed(Server jetty, ServerConfig config, String name, String host, int port, String portSetting) {
        HttpConfiguration http = null;
        for (var c : jetty.getConnectors()) {
            HttpConnectionFactory f = c.getConnectionFactory(HttpConnectionFactory.class);
            if (f != null) {
                http = f.getHttpConfiguration();
                break;
            }
        }
        if (http == null) http = new HttpConfiguration();
        ServerConnector connector = new ServerConnector(jetty, new GuardedHttpConnectionFactory(http,
                ConnectionGuard.of(jetty), config.hardening().maxChunkExtensionBytes() + ServerShell.CHUNK_SIZE_DIGITS));
        connector.setName(name);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(config.limits().idleTimeout().toMillis());
        try {
            connector.open();
        } catch (IOException e) {
            throw ListenFailure.of(host, port, portSetting, null, e);
        }
        jetty.addConnector(connector);
        return connector.getLocalPort();
    }

    /** The bound port of the operator listener of a server this package made, or -1. */
    public static int port(Server jetty) {
        for (var c : jetty.getConnectors()) {
            if (NAME.equals(c.getName()) && c instanceof ServerConnector sc) return sc.getLocalPort();
        }
        return -1;
    }

    /** Whether the operator endpoints go on the main listener: no listener of their own, and a loopback bind. */
    public static boolean onMainListener(ServerConfig config) {
        return !config.hardening().opsListener() && isLoopback(config.bind());
    }

    static boolean isLoopback(String bind) {
        try {
            // A literal or "localhost": resolved without asking a name server for anything else.
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Sends a request to the handlers of the listener it arrived on; the main handlers take the rest. */
    public static final class Routing extends Handler.Wrapper {
        private final Map<String, Handler> byListener = new LinkedHashMap<>();

        public Routing(Handler main) {
            super(main);
        }

        /** The handlers of the listener (connector) named {@code name}. */
        public Routing listener(String name, Handler handlers) {
            byListener.put(name, handlers);
            addBean(handlers, true);
            return this;
        }

        /** Non-blocking only if every listener's handlers are: Jetty asks once, for the whole server. */
        @Override
        public InvocationType getInvocationType() {
            InvocationType type = super.getInvocationType();
            for (Handler h : byListener.values()) type = org.eclipse.jetty.util.thread.Invocable.combine(type, h.getInvocationType());
            return type;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Handler own = byListener.get(request.getConnectionMetaData().getConnector().getName());
            return own != null ? own.handle(request, response, callback) : super.handle(request, response, callback);
        }
    }
}
