package org.ewstoken.server;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.console.Console;
import org.ewstoken.server.crypto.LiveProvider;
import org.ewstoken.server.http.OpsListener;
import org.ewstoken.server.http.ServerShell;
import org.ewstoken.server.identity.IdentityFeature;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.metrics.ServerMetrics;
import org.ewstoken.server.throttle.SignInLog;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ewstoken server: the Jetty shell around the protocol codec, the token engine and the
 * store. Embeddable: {@code try (var server = EwsTokenServer.start(config)) { ... }}.
 *
 * <p>This is the composition root. What the server does is its {@link Feature features} ({@link Features#of});
 * what they share is laid by {@link Foundation}; {@link Listeners} puts their routes on the listeners, and
 * {@link Lifecycles} runs their scheduled tasks and closes what they hold.
 */
public final class EwsTokenServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EwsTokenServer.class);

    private final Feature.Context context;
    private final int port;
    private final Lifecycles lifecycles;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EwsTokenServer(Feature.Context context, int port, Lifecycles lifecycles) {
        this.context = context;
        this.port = port;
        this.lifecycles = lifecycles;
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
            installation = Installation.open(config, clock);
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

    /**
     * Starts on an already opened installation, which the server then owns and closes; the server's
     * clock is the installation's, so what the store stamps and what the server decides agree.
     */
    public static EwsTokenServer start(Installation installation) throws Exception {
        return start(installation, installation.clock(), EarlyStart.begin(installation.config()));
    }

    private static EwsTokenServer start(Installation installation, Clock clock, EarlyStart early) throws Exception {
        Lifecycles lifecycles = null;
        try {
            early.afterwards(installation.passwordHasher()::warmUp); // Argon2 compiled before the first sign-in
            ServerShell shell = early.shell(); // bounded threads, connections, headers; ports bound
            Server jetty = shell.server();
            LiveProvider crypto = early.crypto();
            crypto.atStart(); // native or jdk forced: decided (or failed) here; auto: whatever signs now
            lifecycles = new Lifecycles(jetty);
            Feature.Context context = Foundation.lay(installation, clock, shell, crypto, lifecycles);
            Feature.Installed parts = Features.install(Features.of(), context, lifecycles);
            IdentityFeature.complete(context, parts);
            Listeners.assemble(jetty, installation.config(), parts, context.metrics());
            lifecycles.opened(jetty::stop);
            lifecycles.startTasks();
            jetty.start();
            crypto.load(); // auto: the native provider, unless a new key had it loaded already
            LOG.info("ewstoken listening on {}:{}, public URL {}, signing key {}, signing with {}",
                    installation.config().bind(), shell.port(), context.urls().base(),
                    context.keyRing().signingKey().keyId(), crypto.description());
            return new EwsTokenServer(context, shell.port(), lifecycles);
        } catch (Exception | Error e) {
            if (lifecycles != null) lifecycles.closeAll(e);
            early.abandon();
            try {
                installation.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The HTTP port, or -1 with HTTP off. */
    public int port() {
        return port;
    }

    /** The operator listener's port (/readyz, /metrics), or -1 without ops-port. */
    public int opsPort() {
        return OpsListener.port(context.jetty());
    }

    /** The HTTPS port, or -1 without HTTPS. */
    public int httpsPort() {
        return ServerShell.httpsPort(context.jetty());
    }

    public URI publicUrl() {
        return context.urls().base();
    }

    /** The public URL and every public path. */
    public ServerUrls urls() {
        return context.urls();
    }

    /** Where the web console is served, or null when console-enabled is off. */
    public URI consoleUrl() {
        return Console.url(context.jetty(), context.config(), publicUrl());
    }

    public KeyRing keyRing() {
        return context.keyRing();
    }

    public Installation installation() {
        return context.installation();
    }

    /** The Prometheus metrics this server publishes at /metrics. */
    public ServerMetrics metrics() {
        return context.metrics();
    }

    /** Requests turned away by throttling, counted by reason; add a listener to export them. */
    public ThrottleEvents throttleEvents() {
        return context.throttleEvents();
    }

    /** The Jetty server, for tests that talk to it in memory (a LocalConnector) where the wire adds nothing. */
    Server jetty() {
        return context.jetty();
    }

    public void join() throws InterruptedException {
        context.jetty().join();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return; // the shutdown hook and the caller may both close
        lifecycles.stopTasks();
        try {
            context.jetty().stop();
        } catch (Exception e) {
            LOG.warn("error stopping HTTP server: {}", e.toString());
        } finally {
            lifecycles.close(); // directory pools, the change listener, the audit writer (writes what is queued)
            context.installation().close();
            LOG.info("ewstoken stopped after running {} (was listening on {}:{})",
                    SignInLog.human(Duration.ofNanos(System.nanoTime() - startedNanos)), context.config().bind(), port);
        }
    }
}
