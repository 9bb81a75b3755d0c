package org.ewstoken.server;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.protocol.ParserLimits;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.addins.AddInRegistry;
import org.ewstoken.server.addins.AppService;
import org.ewstoken.server.audit.AuditWriter;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.http.Defences;
import org.ewstoken.server.http.ServerShell;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.identity.SignIn;
import org.ewstoken.server.identity.StoreMailboxes;
import org.ewstoken.server.crypto.LiveProvider;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.metrics.ServerMetrics;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.server.service.ClientAccessTokenService;
import org.ewstoken.server.service.IdentityTokenCache;
import org.ewstoken.server.throttle.LoginThrottle;
import org.ewstoken.server.throttle.SignInLog;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.ewstoken.server.throttle.UserThrottle;
import org.ewstoken.store.Database;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.TokenMinter;

/**
 * What every feature shares, made once at start-up on the opened installation: the keys, the token
 * service, the registry cache, the defences, metrics and audit ({@link Feature.Context}).
 */
final class Foundation {

    /** Audit records waiting for the database; beyond this they are dropped (see AuditWriter). */
    static final int AUDIT_QUEUE_CAPACITY = 100_000;

    private Foundation() {
    }

    static Feature.Context lay(Installation installation, Clock clock, ServerShell shell,
                               LiveProvider crypto, Lifecycles lifecycles) {
        ServerConfig config = installation.config();
        ServerUrls urls = new ServerUrls(shell.publicUrl(config));
        IssuerSettings issuer = new IssuerSettings(urls.base().getHost(), urls.metadata(), urls.ews(), urls.rest(),
                config.identityTokenLifetime(), config.callbackTokenLifetime());
        // A new key waits for the final provider (the native one makes a key in a tenth of the JDK's time).
        KeyRing keyRing = installation.openKeyRing(clock, urls.base().getHost(), crypto::awaitProvider);
        ParserLimits limits = config.limits().parserLimits(config.maxXmlDepth(), config.maxTokenRequests());
        ThrottleEvents throttleEvents = new ThrottleEvents();
        ServerMetrics metrics = new ServerMetrics(installation.storeLatency(), throttleEvents);
        metrics.watch(keyRing, clock);
        AuditWriter audit = new AuditWriter(installation.auditLog(), config.cluster().effectiveNodeName(), clock,
                AUDIT_QUEUE_CAPACITY, config.cluster().auditRetention());
        lifecycles.opened(audit);
        metrics.watch(audit);
        SignInLog signInLog = new SignInLog(System::nanoTime); // failed sign-ins and lockouts, for the operator
        lifecycles.add(Lifecycle.every("sign-in log sweep", Duration.ofSeconds(1), Duration.ofSeconds(1), signInLog::sweep));
        LongSupplier throttleNanos = nanosOf(clock);
        Defences defences = new Defences(new LoginThrottle(config.throttling(), throttleNanos, throttleEvents, signInLog),
                new UserThrottle(config.throttling(), throttleNanos, throttleEvents));
        var registry = new RegistryCache(installation.store(), config.registryCacheTtl(), 100_000);
        // Another node's (or the CLI's) change empties the cache at once; its TTL is the fallback bound.
        Database.Listening changes = installation.database().listenForChanges(registry::invalidateAll);
        lifecycles.opened(changes);
        var identityTokens = new IdentityTokenCache(config.identityTokenLifetime(), config.identityTokenReuse(),
                100_000, clock);
        TokenMinter minter = TokenMinter.switching(issuer, clock, crypto); // signs every kind of token the server issues
        var tokens = new ClientAccessTokenService(registry, keyRing, minter, clock, identityTokens, metrics.andThen(audit));
        var apps = new AppService(installation.store(), new AddInRegistry(installation.store(), clock),
                new ManifestParser(), config.addIns(), clock, config.hardening().userAddInsMax(),
                config.hardening().userAddInInstallsPerHour());
        SignIn signIn = SignIn.pending(new StoreMailboxes(installation.store(), registry::user, registry::invalidateAll, clock));
        return new Feature.Context(config, installation, shell.server(), urls, keyRing, issuer, clock, metrics, audit,
                defences, registry, new SoapResponseWriter(), ServerVersionInfo.DEFAULT, limits, minter, tokens, apps, signIn,
                throttleEvents, signInLog);
    }

    /**
     * The throttles' time: the monotonic clock on the system clock, else the given one's (a test moves
     * it by hand, so that a lockout neither ends nor starts by the machine's speed).
     */
    private static LongSupplier nanosOf(Clock clock) {
        if (clock.equals(Clock.systemUTC())) return System::nanoTime;
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }
}
