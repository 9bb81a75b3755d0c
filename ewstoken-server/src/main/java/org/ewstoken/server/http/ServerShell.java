package org.ewstoken.server.http;

import java.io.IOException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.ewstoken.server.config.RequestLimits;
import org.ewstoken.server.config.ServerConfig;

/**
 * The Jetty server around the handlers, with every resource bounded: threads, connections, header
 * size, idle time. Its connector is opened (bound) at once, so the port is known before start.
 *
 * @param server the Jetty server, not yet started
 * @param port   the HTTP port actually bound (useful with port 0)
 */
public record ServerShell(Server server, int port) {

    public static ServerShell open(ServerConfig config) throws IOException {
        RequestLimits limits = config.limits();
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        threads.setName("ewstoken-http");
        Server jetty = new Server(threads);
        jetty.setErrorHandler(quietErrors());

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(limits.maxHeaderBytes()); // request line + headers; beyond: 431 (414 for the URI)
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.open(); // bind now: with port 0 the public URL depends on the port we got
        jetty.addConnector(connector);
        // Past the limit Jetty stops accepting; further clients wait in the kernel's accept queue.
        jetty.addBean(new NetworkConnectionLimit(limits.maxConnections(), jetty));
        return new ServerShell(jetty, connector.getLocalPort());
    }

    /** Jetty's own error answers (bad HTTP, oversized headers): short plain text, never a stack trace. */
    private static ErrorHandler quietErrors() {
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowMessageInTitle(false);
        errors.setShowOrigin(false);
        errors.setDefaultResponseMimeType("text/plain");
        return errors;
    }
}
