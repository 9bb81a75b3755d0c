package org.ewstoken.server;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.ewstoken.protocol.ParserLimits;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.audit.AuditWriter;
import org.ewstoken.server.auth.BasicAuthenticator;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.server.addins.AddInRegistry;
import org.ewstoken.server.addins.AppService;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.crypto.SignatureProviders;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.server.service.IdentityTokenCache;
import org.ewstoken.server.http.Defences;
import org.ewstoken.server.http.HttpServerFactory;
import org.ewstoken.server.http.ValidationEndpoints;
import org.ewstoken.server.http.ServerShell;
import org.ewstoken.server.http.OpsEndpoints;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.metrics.RequestMetricsHandler;
import org.ewstoken.server.metrics.ServerMetrics;
import org.ewstoken.server.service.ClientAccessTokenService;
import org.ewstoken.store.Database;
import org.ewstoken.server.throttle.LoginThrottle;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.ewstoken.server.throttle.UserThrottle;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.TokenMinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ewstoken server: the Jetty shell around the protocol codec, the token engine and the
 * store. Embeddable: {@code try (var server = EwsTokenServer.start(config)) { ... }}.
 */
public final class EwsTokenServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EwsTokenServer.class);
    static final String METADATA_ID_SETTING = "metadata.document-id";
    /** Audit records waiting for the database; beyond this they are dropped (see AuditWriter). */
    static final int AUDIT_QUEUE_CAPACITY = 100_000;

    private final Server jetty;
    private final Installation installation;
    private final KeyRing keyRing;
    private final URI publicUrl;
    private final int port;
    private final ScheduledExecutorService refresher;
    private final ThrottleEvents throttleEvents;
    private final AuditWriter audit;
    private final ServerMetrics metrics;
    private final Database.Listening changes;

    private EwsTokenServer(Server jetty, Installation installation, KeyRing keyRing, URI publicUrl, int port,
                           ScheduledExecutorService refresher, ThrottleEvents throttleEvents, AuditWriter audit,
                           ServerMetrics metrics, Database.Listening changes) {
        this.jetty = jetty;
        this.installation = installation;
        this.keyRing = keyRing;
        this.publicUrl = publicUrl;
        this.port = port;
        this.refresher = refresher;
        this.throttleEvents = throttleEvents;
        this.audit = audit;
        this.metrics = metrics;
        this.changes = changes;
    }

    public static EwsTokenServer start(ServerConfig config) throws Exception {
        return start(Installation.open(config), Clock.systemUTC());
    }

    /** Starts on an already opened installation, which the server then owns and closes. */
    public static EwsTokenServer start(Installation installation, Clock clock) throws Exception {
        ServerConfig config = installation.config();
        ServerShell shell = ServerShell.open(config); // bounded threads, connections, headers; port bound
        Server jetty = shell.server();
        int port = shell.port();

        URI base = shell.publicUrl(config);
        URI metadataUrl = withExplicitPort(base, "/autodiscover/metadata/json/1");
        IssuerSettings issuer = new IssuerSettings(base.getHost(), metadataUrl,
                URI.create(base + "/EWS/Exchange.asmx"), URI.create(base + "/api"),
                config.identityTokenLifetime(), config.callbackTokenLifetime());
        KeyRing keyRing = installation.openKeyRing(clock, base.getHost());
        SignatureProviders.Choice crypto = SignatureProviders.choose(config.cryptoProvider());
        TokenMinter minter = new TokenMinter(issuer, clock, crypto.provider());
        String documentId = installation.store().settingIfAbsent(METADATA_ID_SETTING, "_" + UUID.randomUUID());

        ParserLimits limits = config.limits().parserLimits(config.maxXmlDepth(), config.maxTokenRequests());
        ThrottleEvents throttleEvents = new ThrottleEvents();
        ServerMetrics metrics = new ServerMetrics(installation.storeLatency(), throttleEvents);
        metrics.watch(keyRing, clock);
        AuditWriter audit = new AuditWriter(installation.auditLog(), config.cluster().effectiveNodeName(), clock,
                AUDIT_QUEUE_CAPACITY, config.cluster().auditRetention());
        metrics.watch(audit);
        Defences defences = new Defences(new LoginThrottle(config.throttling(), System::nanoTime, throttleEvents),
                new UserThrottle(config.throttling(), System::nanoTime, throttleEvents));
        var registry = new RegistryCache(installation.store(), config.registryCacheTtl(), 100_000);
        // Another node's (or the CLI's) change empties the cache at once; its TTL is the fallback bound.
        Database.Listening changes = installation.database().listenForChanges(registry::invalidateAll);
        var authenticator = new BasicAuthenticator(registry::user, installation.passwordHasher());
        var identityTokens = new IdentityTokenCache(config.identityTokenLifetime(), config.identityTokenReuse(),
                100_000, clock);
        var service = new ClientAccessTokenService(registry, keyRing, minter, clock, identityTokens,
                metrics.andThen(audit));
        var apps = new AppService(installation.store(), new AddInRegistry(installation.store(), clock),
                new ManifestParser(), config.addIns(), clock);
        // Ready while the keys were re-read within three refresh intervals (two refreshes may fail).
        var ops = new OpsEndpoints(installation.store(), keyRing, metrics, clock,
                config.keyRefreshInterval().multipliedBy(3));
        jetty.setHandler(new RequestMetricsHandler(HttpServerFactory.routes(authenticator, new SoapRequestReader(limits),
                new SoapResponseWriter(), service, apps, ServerVersionInfo.DEFAULT, config, keyRing, documentId,
                metadataUrl, URI.create(base + "/EWS/Exchange.asmx"), defences,
                ValidationEndpoints.create(config, issuer, keyRing, installation.store(), clock), ops), metrics));

        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ewstoken-key-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = config.keyRefreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(() -> {
            try {
                keyRing.refresh();
                keyRing.rotateIfDue(); // on a schedule, if configured; exactly one node rotates
            } catch (RuntimeException e) {
                LOG.warn("could not refresh signing keys: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);

        try {
            jetty.start();
        } catch (Exception e) {
            refresher.shutdownNow();
            changes.close();
            audit.close();
            installation.close();
            throw e;
        }
        LOG.info("ewstoken listening on {}:{}, public URL {}, signing key {}, signing with {}", config.bind(), port,
                base, keyRing.signingKey().keyId(), crypto.description());
        return new EwsTokenServer(jetty, installation, keyRing, base, port, refresher, throttleEvents, audit, metrics,
                changes);
    }

    /** Exchange names the port explicitly in amurl (https://host:443/...). */
    static URI withExplicitPort(URI base, String path) {
        int port = base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        String host = base.getHost().contains(":") ? "[" + base.getHost() + "]" : base.getHost();
        String basePath = base.getPath() == null ? "" : base.getPath();
        return URI.create(base.getScheme() + "://" + host + ":" + port + basePath + path);
    }

    /** The HTTP port, or -1 with HTTP off. */
    public int port() {
        return port;
    }

    /** The HTTPS port, or -1 without HTTPS. */
    public int httpsPort() {
        return ServerShell.httpsPort(jetty);
    }

    public URI publicUrl() {
        return publicUrl;
    }

    public KeyRing keyRing() {
        return keyRing;
    }

    public Installation installation() {
        return installation;
    }

    /** The Prometheus metrics this server publishes at /metrics. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** Requests turned away by throttling, counted by reason; add a listener to export them. */
    public ThrottleEvents throttleEvents() {
        return throttleEvents;
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        changes.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("error stopping HTTP server: {}", e.toString());
        } finally {
            audit.close(); // writes what is queued; the store is still open
            installation.close();
        }
    }
}
