package org.ewstoken.server;

import java.time.Clock;
import java.util.ServiceLoader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.ewstoken.protocol.ParserLimits;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.audit.AuditWriter;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.http.Defences;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.metrics.ServerMetrics;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.tokens.IssuerSettings;

/**
 * An optional part of the server that lives in its own module and is found on the class path with
 * {@link ServiceLoader} (the runnable jar holds them all): the EWS front is one. It keeps the core free of
 * what only that part needs (Jetty's proxy and client for the front), and the server free of branches for it.
 */
public interface ServerExtension {

    /** Whether the configuration asks for this extension; only wanted extensions are installed. */
    boolean wanted(ServerConfig config);

    /**
     * Installs the extension before the server listens: it may wrap or replace the two handlers it is given.
     * Lifecycles it needs (an HTTP client) are added to {@link Context#jetty()} as beans.
     */
    Handlers install(Context context, Handlers handlers) throws Exception;

    /**
     * The two places an extension can take part in answering requests.
     *
     * @param ews      answers {@code POST /EWS/Exchange.asmx} (the server's own endpoint to begin with)
     * @param fallback is asked about every request no route answers (and about other methods on the EWS URL);
     *                 returns false for "not mine" (then 404 or 405)
     */
    record Handlers(Handler ews, Handler fallback) {}

    /** What the server has made by the time extensions are installed. */
    record Context(ServerConfig config, Installation installation, Server jetty, KeyRing keyRing, IssuerSettings issuer,
                   Clock clock, ServerMetrics metrics, AuditWriter audit, Defences defences, RegistryCache registry,
                   SoapResponseWriter writer, ServerVersionInfo versionInfo, ParserLimits limits) {}
}
