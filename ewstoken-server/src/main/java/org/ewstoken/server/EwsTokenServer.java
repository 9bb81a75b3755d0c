package org.ewstoken.server;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.ewstoken.protocol.ParserLimits;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.auth.BasicAuthenticator;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.crypto.SignatureProviders;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.server.service.IdentityTokenCache;
import org.ewstoken.server.http.HttpServerFactory;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.service.ClientAccessTokenService;
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

    private final Server jetty;
    private final Installation installation;
    private final KeyRing keyRing;
    private final URI publicUrl;
    private final int port;
    private final ScheduledExecutorService refresher;

    private EwsTokenServer(Server jetty, Installation installation, KeyRing keyRing, URI publicUrl, int port,
                           ScheduledExecutorService refresher) {
        this.jetty = jetty;
        this.installation = installation;
        this.keyRing = keyRing;
        this.publicUrl = publicUrl;
        this.port = port;
        this.refresher = refresher;
    }

    public static EwsTokenServer start(ServerConfig config) throws Exception {
        return start(Installation.open(config), Clock.systemUTC());
    }

    /** Starts on an already opened installation, which the server then owns and closes. */
    public static EwsTokenServer start(Installation installation, Clock clock) throws Exception {
        ServerConfig config = installation.config();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("ewstoken-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.open(); // bind now: with port 0 the public URL depends on the port we got
        int port = connector.getLocalPort();
        jetty.addConnector(connector);

        URI base = config.effectivePublicUrl(port);
        URI metadataUrl = withExplicitPort(base, "/autodiscover/metadata/json/1");
        IssuerSettings issuer = new IssuerSettings(base.getHost(), metadataUrl,
                URI.create(base + "/EWS/Exchange.asmx"), URI.create(base + "/api"),
                config.identityTokenLifetime(), config.callbackTokenLifetime());
        KeyRing keyRing = installation.openKeyRing(clock, base.getHost());
        SignatureProviders.Choice crypto = SignatureProviders.choose(config.cryptoProvider());
        TokenMinter minter = new TokenMinter(issuer, clock, crypto.provider());
        String documentId = installation.store().settingIfAbsent(METADATA_ID_SETTING, "_" + UUID.randomUUID());

        ParserLimits defaults = ParserLimits.DEFAULTS;
        ParserLimits limits = new ParserLimits(config.maxXmlDepth(), defaults.maxElements(),
                defaults.maxTextLength(), defaults.maxAttributeLength(), defaults.maxAttributesPerElement(),
                config.maxTokenRequests());
        var registry = new RegistryCache(installation.store(), config.registryCacheTtl(), 100_000);
        var authenticator = new BasicAuthenticator(registry::user, installation.passwordHasher());
        var identityTokens = new IdentityTokenCache(config.identityTokenLifetime(), config.identityTokenReuse(),
                100_000, clock);
        var service = new ClientAccessTokenService(registry, keyRing, minter, clock, identityTokens);
        jetty.setHandler(HttpServerFactory.routes(authenticator, new SoapRequestReader(limits),
                new SoapResponseWriter(), service, ServerVersionInfo.DEFAULT, config, keyRing, documentId,
                metadataUrl, URI.create(base + "/EWS/Exchange.asmx")));

        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ewstoken-key-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = config.keyRefreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(() -> {
            try {
                keyRing.refresh();
            } catch (RuntimeException e) {
                LOG.warn("could not refresh signing keys: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);

        try {
            jetty.start();
        } catch (Exception e) {
            refresher.shutdownNow();
            installation.close();
            throw e;
        }
        LOG.info("ewstoken listening on {}:{}, public URL {}, signing key {}, signing with {}", config.bind(), port,
                base, keyRing.signingKey().keyId(), crypto.description());
        return new EwsTokenServer(jetty, installation, keyRing, base, port, refresher);
    }

    /** Exchange names the port explicitly in amurl (https://host:443/...). */
    static URI withExplicitPort(URI base, String path) {
        int port = base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        String host = base.getHost().contains(":") ? "[" + base.getHost() + "]" : base.getHost();
        String basePath = base.getPath() == null ? "" : base.getPath();
        return URI.create(base.getScheme() + "://" + host + ":" + port + basePath + path);
    }

    public int port() {
        return port;
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

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("error stopping HTTP server: {}", e.toString());
        } finally {
            installation.close();
        }
    }
}
