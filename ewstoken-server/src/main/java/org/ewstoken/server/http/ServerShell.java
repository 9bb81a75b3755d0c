package org.ewstoken.server.http;

import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.ewstoken.server.config.ListenerSettings;
import org.ewstoken.server.config.RequestLimits;
import org.ewstoken.server.config.ServerConfig;

/**
 * The Jetty server around the handlers, with every resource bounded: threads, connections, header
 * size, idle time; HTTP and/or HTTPS. Connectors are opened (bound) at once, so ports are known before start.
 *
 * @param server    the Jetty server, not yet started
 * @param port      the HTTP port actually bound (useful with port 0), or -1 with HTTP off
 * @param httpsPort the HTTPS port actually bound, or -1 without HTTPS
 */
public record ServerShell(Server server, int port, int httpsPort) {

    /** TLS 1.2 and 1.3 only, forward-secret AEAD suites only (TLS 1.3's are all of that kind). */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String[] CIPHER_SUITES = {"TLS_AES_.*", "TLS_CHACHA20_.*", "TLS_ECDHE_(ECDSA|RSA)_WITH_AES_(128|256)_GCM_.*",
        "TLS_ECDHE_(ECDSA|RSA)_WITH_CHACHA20_POLY1305_.*"};

    /** A chunk-size line is the size (at most 8 hex digits, Jetty refuses more), ';' and the extension. */
    static final int CHUNK_SIZE_DIGITS = 9;

    public static ServerShell open(ServerConfig config) throws IOException {
        RequestLimits limits = config.limits();
        ListenerSettings listeners = config.listeners();
        QueuedThreadPool threads = new ServerThreads(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        threads.setName("ewstoken-http");
        Server jetty = new Server(threads);
        jetty.setErrorHandler(new QuietErrors());
        // Per address, in all (evicting connections that sent nothing yet), and deadlines for heads and bodies.
        ConnectionGuard guard = new ConnectionGuard(limits.maxConnections(),
                listeners.trustForwardedHeaders() ? 0 : config.hardening().maxConnectionsPerAddress(),
                config.hardening().headerTimeout(), limits.idleTimeout(), limits.requestTimeout());
        jetty.addBean(guard);
        int chunkLine = config.hardening().maxChunkExtensionBytes() + CHUNK_SIZE_DIGITS;

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(limits.maxHeaderBytes()); // request line + headers; beyond: 431 (414 for the URI)
        if (listeners.trustForwardedHeaders()) http.addCustomizer(new ForwardedRequestCustomizer());
        int port = -1;
        if (listeners.httpEnabled()) {
            port = open(jetty, config, config.port(), "port", "--port", new GuardedHttpConnectionFactory(http, guard, chunkLine));
        }
        int httpsPort = -1;
        if (listeners.httpsPort().isPresent()) {
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
            secure.setSniHostCheck(false); // clients may use an address or a name the certificate lacks
            https.addCustomizer(secure);
            httpsPort = open(jetty, config, listeners.httpsPort().get(), "https-port", null,
                    new SslConnectionFactory(tls(listeners, config.identity().front().clientCertificates()), "http/1.1"),
                    new GuardedHttpConnectionFactory(https, guard, chunkLine));
        }
        OpsListener.open(jetty, config, http, guard);
        // The guard keeps connections at max-connections by closing idle ones; only when every connection has a
        // request in progress does this hard bound apply: Jetty stops accepting, new clients wait in the kernel.
        jetty.addBean(new NetworkConnectionLimit(limits.maxConnections() + limits.maxConnections() / 4 + 16, jetty));
        return new ServerShell(jetty, port, httpsPort);
    }

    /** The configured public URL, else the address listened on (HTTPS when HTTP is off). */
    public URI publicUrl(ServerConfig config) {
        if (config.publicUrl() != null || port >= 0) return config.effectivePublicUrl(port);
        return URI.create(config.effectivePublicUrl(httpsPort).toString().replaceFirst("^http:", "https:"));
    }

    /** Releases the bound ports of a server that was never started (start-up failed). */
    public void close() {
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc) sc.close();
        }
    }

    /** The bound HTTPS port of a server this class made, or -1. */
    public static int httpsPort(Server jetty) {
        for (Connector c : jetty.getConnectors()) {
            if (c instanceof ServerConnector sc && sc.getConnectionFactory(SslConnectionFactory.class) != null) {
                return sc.getLocalPort();
            }
        }
        return -1;
    }

    private static int open(Server jetty, ServerConfig config, int port, String portSetting, String portOption,
                            org.eclipse.jetty.server.ConnectionFactory... factories) {
        // One selector per core: non-blocking routes are answered on the selector thread that read the request,
        // and Jetty's default (half the cores) left one of two cores to those answers.
        ServerConnector connector = new ListenerConnector(jetty, -1, Runtime.getRuntime().availableProcessors(), factories);
        connector.setHost(config.bind());
        connector.setPort(port);
        connector.setIdleTimeout(config.limits().idleTimeout().toMillis());
        // Java's default backlog is 50: a burst of connects (a flood, or many clients after a restart) would
        // overflow it, and the kernel drops SYNs, which costs a client a retransmission, a second or more.
        connector.setAcceptQueueSize(Math.max(128, config.limits().maxConnections()));
        try {
            connector.open(); // bind now: with port 0 the public URL depends on the port we got
        } catch (IOException e) {
            throw ListenFailure.of(config.bind(), port, portSetting, portOption, e);
        }
        jetty.addConnector(connector);
        return connector.getLocalPort();
    }

    /**
     * @param pinnedClients trusted front-ends' certificates (identity.front): when there are any, a
     *     client certificate is asked for (not required), and only these exact certificates are trusted
     *     as such; the sign-in method then compares the certificate itself.
     */
    private static SslContextFactory.Server tls(ListenerSettings listeners,
                                                java.util.List<java.security.cert.X509Certificate> pinnedClients) {
        TlsKeys.Loaded keys = TlsKeys.load(listeners);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keys.store());
        ssl.setKeyStorePassword(keys.password());
        ssl.setKeyManagerPassword(keys.password());
        ssl.setIncludeProtocols(PROTOCOLS);
        ssl.setIncludeCipherSuites(CIPHER_SUITES);
        ssl.setRenegotiationAllowed(false);
        if (!pinnedClients.isEmpty()) {
            try {
                java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                for (int i = 0; i < pinnedClients.size(); i++) trust.setCertificateEntry("front-" + i, pinnedClients.get(i));
                ssl.setTrustStore(trust);
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot hold the pinned front-end certificates", e);
            }
            ssl.setWantClientAuth(true);
        }
        return ssl;
    }
}
