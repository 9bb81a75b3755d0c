package org.ewstoken.server;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.ewstoken.protocol.ParserLimits;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.audit.AuditWriter;
import org.ewstoken.server.identity.IdentityFeature;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.server.addins.AddInRegistry;
import org.ewstoken.server.addins.AppService;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.console.Console;
import org.ewstoken.server.crypto.SignatureProviders;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.server.service.IdentityTokenCache;
import org.ewstoken.server.http.Defences;
import org.ewstoken.server.http.ConnectionGuard;
import org.ewstoken.server.http.HttpFeature;
import org.ewstoken.server.http.OpsListener;
import org.ewstoken.server.http.HttpServerFactory;
import org.ewstoken.server.http.RouteTable;
import org.ewstoken.server.http.ValidationEndpoints;
import org.ewstoken.server.http.ServerShell;
import org.ewstoken.server.http.OpsEndpoints;
import org.ewstoken.server.keys.CertificateExpiry;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.metrics.RequestMetricsHandler;
import org.ewstoken.server.metrics.ServerMetrics;
import org.ewstoken.server.service.ClientAccessTokenService;
import org.ewstoken.store.Database;
import org.ewstoken.server.throttle.LoginThrottle;
import org.ewstoken.server.throttle.SignInLog;
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
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();

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

    /** Something to do on the opened installation before the server listens (the CLI seeds demo data). */
    @FunctionalInterface
    public interface Preparation {
        void prepare(Installation installation) throws Exception;
    }

    public static EwsTokenServer start(ServerConfig config) throws Exception {
        return start(config, Clock.systemUTC(), installation -> { });
    }

    /**
     * Opens the installation (migrating its database if needed), runs {@code preparation} on it, and
     * starts the server on it. The HTTP port is bound and the signing provider chosen meanwhile.
     */
    public static EwsTokenServer start(ServerConfig config, Clock clock, Preparation preparation) throws Exception {
        EarlyStart early = EarlyStart.begin(config);
        Installation installation;
        try {
            installation = Installation.open(config);
        } catch (RuntimeException | Error e) {
            early.abandon();
            throw e;
        }
        try {
            preparation.prepare(installation);
        } catch (Exception | Error e) {
            early.abandon();
            installation.close();
            throw e;
        }
        return start(installation, clock, early);
    }

    /** Starts on an already opened installation, which the server then owns and closes. */
    public static EwsTokenServer start(Installation installation, Clock clock) throws Exception {
        return start(installation, clock, EarlyStart.begin(installation.config()));
    }

    private static EwsTokenServer start(Installation installation, Clock clock, EarlyStart early) throws Exception {
        // What start-up has opened, closed in reverse order if a later step fails.
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        opened.push(installation);
        opened.push(early::abandon);
        try {
            return start(installation, clock, early, opened);
        } catch (Exception | Error e) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static EwsTokenServer start(Installation installation, Clock clock, EarlyStart early,
                                        Deque<AutoCloseable> opened) throws Exception {
        ServerConfig config = installation.config();
        // The unknown-user decoy hash, made before any request needs it; it also has the JIT compile
        // Argon2 before the first sign-in pays for it.
        early.afterwards(installation.passwordHasher()::prepareDecoy);
        ServerShell shell = early.shell(); // bounded threads, connections, headers; port bound
        Server jetty = shell.server();
        int port = shell.port();

        URI base = shell.publicUrl(config);
        URI metadataUrl = withExplicitPort(base, "/autodiscover/metadata/json/1");
        IssuerSettings issuer = new IssuerSettings(base.getHost(), metadataUrl,
                URI.create(base + "/EWS/Exchange.asmx"), URI.create(base + "/api"),
                config.identityTokenLifetime(), config.callbackTokenLifetime());
        SignatureProviders.Choice crypto = early.crypto();
        KeyRing keyRing = installation.openKeyRing(clock, base.getHost(), crypto.provider());
        TokenMinter minter = new TokenMinter(issuer, clock, crypto.provider());
        String documentId = installation.store().settingIfAbsent(METADATA_ID_SETTING, "_" + UUID.randomUUID());

        ParserLimits limits = config.limits().parserLimits(config.maxXmlDepth(), config.maxTokenRequests());
        ThrottleEvents throttleEvents = new ThrottleEvents();
        ServerMetrics metrics = new ServerMetrics(installation.storeLatency(), throttleEvents);
        metrics.watch(keyRing, clock);
        AuditWriter audit = new AuditWriter(installation.auditLog(), config.cluster().effectiveNodeName(), clock,
                AUDIT_QUEUE_CAPACITY, config.cluster().auditRetention());
        opened.push(audit);
        metrics.watch(audit);
        SignInLog signInLog = new SignInLog(System::nanoTime); // failed sign-ins and lockouts, for the operator
        Defences defences = new Defences(new LoginThrottle(config.throttling(), System::nanoTime, throttleEvents, signInLog),
                new UserThrottle(config.throttling(), System::nanoTime, throttleEvents));
        var registry = new RegistryCache(installation.store(), config.registryCacheTtl(), 100_000);
        // Another node's (or the CLI's) change empties the cache at once; its TTL is the fallback bound.
        Database.Listening changes = installation.database().listenForChanges(registry::invalidateAll);
        opened.push(changes);
        SoapResponseWriter writer = new SoapResponseWriter();
        List<ServerExtension.Installed> extensions = extensions(new ServerExtension.Context(config, installation, jetty,
                keyRing, issuer, clock, metrics, audit, defences, registry, writer, ServerVersionInfo.DEFAULT, limits));
        var identity = IdentityFeature.start(new IdentityFeature.Context(config, installation.store(), registry::user,
                registry::invalidateAll, installation.passwordHasher(), defences.logins(), metadataUrl.getHost(), clock),
                extensions.stream().flatMap(e -> e.passwordChecks().stream()).toList(),
                extensions.stream().flatMap(e -> e.signInMethods().stream()).toList());
        opened.push(identity);
        var identityTokens = new IdentityTokenCache(config.identityTokenLifetime(), config.identityTokenReuse(),
                100_000, clock);
        var service = new ClientAccessTokenService(registry, keyRing, minter, clock, identityTokens,
                metrics.andThen(audit));
        var apps = new AppService(installation.store(), new AddInRegistry(installation.store(), clock),
                new ManifestParser(), config.addIns(), clock, config.hardening().userAddInsMax(),
                config.hardening().userAddInInstallsPerHour());
        // Ready while the keys were re-read within three refresh intervals (two refreshes may fail).
        var ops = new OpsEndpoints(installation.store(), keyRing, metrics, clock,
                config.keyRefreshInterval().multipliedBy(3));
        // Every HTTP feature, in order; each adds its routes to the one table (a later one may wrap an earlier route).
        List<HttpFeature> features = new ArrayList<>();
        features.add(HttpServerFactory.core(identity.signIn(), new SoapRequestReader(limits), writer,
                service, apps, ServerVersionInfo.DEFAULT, config, keyRing, documentId, metadataUrl,
                URI.create(base + "/EWS/Exchange.asmx"), defences));
        features.add(ValidationEndpoints.create(config, issuer, keyRing, installation.store(), clock));
        // /readyz and /metrics show key ids and traffic: on the operator listener, or on a loopback main one.
        boolean opsHere = OpsListener.onMainListener(config);
        features.add(opsHere ? ops : ops.healthOnly());
        if (!opsHere && !config.hardening().opsListener()) {
            LOG.warn("/readyz and /metrics are off: bind {} is not a loopback address and no ops-port is set "
                    + "(set ops-port to serve them on ops-bind, 127.0.0.1 by default)", config.bind());
        }
        extensions.forEach(e -> features.add(e.feature()));
        Console console = config.console().on() // the console and the admin API
                ? Console.create(jetty, new Console.Parts(installation, keyRing, service,
                        ValidationEndpoints.callbackTokenValidator(issuer, keyRing, clock), identity.signIn(),
                        throttleEvents, audit::dropped, clock, base))
                : null;
        if (console != null && !console.ownListener()) features.add(console);
        OpsListener.Routing listeners = new OpsListener.Routing(
                new RequestMetricsHandler(RouteTable.of(features).withNotFound(), metrics));
        if (config.hardening().opsListener()) {
            listeners.listener(OpsListener.NAME, RouteTable.of(List.of(ops)).withNotFound());
        }
        if (console != null && console.ownListener()) { // admin-port: the console there, and nothing else
            listeners.listener(Console.ADMIN_CONNECTOR,
                    new RequestMetricsHandler(RouteTable.of(List.of(console)).withNotFound(), metrics));
        }
        jetty.setHandler(ConnectionGuard.of(jetty).around(listeners));

        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ewstoken-key-refresh");
            t.setDaemon(true);
            return t;
        });
        opened.push(refresher::shutdownNow);
        long every = config.keyRefreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(() -> {
            try {
                keyRing.refresh();
                keyRing.rotateIfDue(); // on a schedule, if configured; exactly one node rotates
            } catch (RuntimeException e) {
                LOG.warn("could not refresh signing keys: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        refresher.scheduleWithFixedDelay(signInLog::sweep, 1, 1, TimeUnit.SECONDS);
        // A signing certificate near its not-after: a warning at start and once a day (also in /readyz).
        refresher.scheduleAtFixedRate(new CertificateExpiry(keyRing), 0, 1, TimeUnit.DAYS);

        opened.push(jetty::stop);
        // Closed after the HTTP server has stopped: its directory pool serves requests until then.
        jetty.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(org.eclipse.jetty.util.component.LifeCycle event) {
                identity.close();
            }
        });
        jetty.start();
        LOG.info("ewstoken listening on {}:{}, public URL {}, signing key {}, signing with {}", config.bind(), port,
                base, keyRing.signingKey().keyId(), crypto.description());
        return new EwsTokenServer(jetty, installation, keyRing, base, port, refresher, throttleEvents, audit, metrics,
                changes);
    }

    /** The optional parts on the class path that the configuration asks for (the EWS front), installed. */
    private static List<ServerExtension.Installed> extensions(ServerExtension.Context context) throws Exception {
        List<ServerExtension.Installed> features = new ArrayList<>();
        boolean front = false;
        for (ServerExtension extension : ServiceLoader.load(ServerExtension.class)) {
            if (!extension.wanted(context.config())) continue;
            features.add(extension.install(context));
            front |= extension.getClass().getName().startsWith("org.ewstoken.front.");
        }
        if (context.config().front().enabled() && !front) {
            throw new ConfigException("upstream-ews-url is set but the EWS front (module ewstoken-front) is not on the "
                    + "class path: run the runnable jar (./ewstoken, ewstoken-dist/target/ewstoken.jar)");
        }
        return features;
    }

    /** Exchange names the port explicitly in amurl (https://host:443/...). */
    public static URI withExplicitPort(URI base, String path) {
        int port = base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        String host = base.getHost().contains(":") ? "[" + base.getHost() + "]" : base.getHost();
        String basePath = base.getPath() == null ? "" : base.getPath();
        return URI.create(base.getScheme() + "://" + host + ":" + port + basePath + path);
    }

    /** The HTTP port, or -1 with HTTP off. */
    public int port() {
        return port;
    }

    /** The operator listener's port (/readyz, /metrics), or -1 without ops-port. */
    public int opsPort() {
        return OpsListener.port(jetty);
    }

    /** The HTTPS port, or -1 without HTTPS. */
    public int httpsPort() {
        return ServerShell.httpsPort(jetty);
    }

    public URI publicUrl() {
        return publicUrl;
    }

    /** Where the web console is served, or null when console-enabled is off. */
    public URI consoleUrl() {
        return Console.url(jetty, installation.config(), publicUrl);
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
        if (!closed.compareAndSet(false, true)) return; // the shutdown hook and the caller may both close
        refresher.shutdownNow();
        changes.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("error stopping HTTP server: {}", e.toString());
        } finally {
            audit.close(); // writes what is queued; the store is still open
            installation.close();
            LOG.info("ewstoken stopped after running {} (was listening on {}:{})",
                    SignInLog.human(Duration.ofNanos(System.nanoTime() - startedNanos)), installation.config().bind(), port);
        }
    }
}
