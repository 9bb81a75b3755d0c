package org.ewstoken.server;

import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;
import org.eclipse.jetty.server.Server;
import org.ewstoken.protocol.ParserLimits;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.audit.AuditWriter;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.http.Defences;
import org.ewstoken.server.http.HttpFeature;
import org.ewstoken.server.identity.PasswordCheck;
import org.ewstoken.server.identity.SignInMethod;
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
     * Installs the extension before the server listens (and before the sign-in methods are built): the routes it
     * adds to the route table, where it may wrap the server's own (the front wraps the EWS endpoint), and the
     * password checks it offers. Lifecycles it needs (an HTTP client) are added to {@link Context#jetty()} as beans.
     */
    Installed install(Context context) throws Exception;

    /**
     * What an extension brings.
     *
     * @param feature        its routes
     * @param passwordChecks password checks for HTTP Basic sign-in, after the local users' (when no directory is set)
     * @param signInMethods  sign-in methods asked before the server's own
     */
    record Installed(HttpFeature feature, List<PasswordCheck> passwordChecks, List<SignInMethod> signInMethods) {
        public Installed {
            passwordChecks = List.copyOf(passwordChecks);
            signInMethods = List.copyOf(signInMethods);
        }
    }

    /** What the server has made by the time extensions are installed. */
    record Context(ServerConfig config, Installation installation, Server jetty, KeyRing keyRing, IssuerSettings issuer,
                   Clock clock, ServerMetrics metrics, AuditWriter audit, Defences defences, RegistryCache registry,
                   SoapResponseWriter writer, ServerVersionInfo versionInfo, ParserLimits limits) {}
}
