package org.ewstoken.server.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.http.EwsFeature;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.Installation;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.User;
import org.ewstoken.tokens.CallbackKind;
import org.ewstoken.tokens.CallbackTokenRequest;
import org.ewstoken.tokens.IdentityTokenRequest;
import org.ewstoken.tokens.IssuedToken;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.MetadataDocument;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.ewstoken.tokens.TokenMinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ewstoken token mint}: identity and callback tokens for add-in developers' test suites, minted offline from
 * an installation's signing keys (no server, no password), valid ones and the negative cases a validator must
 * refuse. With {@code --serve-metadata} it serves the matching metadata document on loopback until stopped, and
 * the identity token's {@code amurl} points there. It reads the master key, so it is as protected as the keys.
 */
@Command(name = "mint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mint a token offline from this installation's signing keys, for tests (no server, no password; "
                + "needs the data directory and the master key). Prints the token on standard output.",
                "Valid by default; --expired, --not-yet-valid, --audience and --unknown-key make the tokens a "
                        + "correct validator must refuse. With --serve-metadata the metadata document is served on "
                        + "127.0.0.1 until the command is stopped, and the identity token's amurl names it."})
final class TokenMintCommand extends InstallationCommand {

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "CallerIdentity",
            description = "CallerIdentity (default), ExtensionCallback, ExtensionRestApiCallback or ScopedToken.")
    String type;
    @Option(names = "--user", paramLabel = "SMTP", required = true,
            description = "The mailbox. An existing user's id is used; any other address gets a stable made-up id.")
    String user;
    @Option(names = "--app", paramLabel = "ID", description = "An installed add-in: its audience URL is the token's.")
    String app;
    @Option(names = "--audience", paramLabel = "URL", description = "The add-in URL (identity aud; a callback token's "
            + "appctxsender origin). Overrides --app's; a wrong one makes a token for another add-in.")
    String audience;
    @Option(names = "--scope", paramLabel = "SCOPE", description = "appctx.scope: ParentItemId:<EWS item id> for an "
            + "ExtensionCallback scoped to one item (default: mailbox-wide); the scope of a ScopedToken.")
    String scope;
    @Option(names = "--lifetime", paramLabel = "DURATION",
            description = "Validity (e.g. 8h, 300s); default the configured identity or callback token lifetime.")
    String lifetime;
    @Option(names = "--expired", description = "A token whose exp passed 10 minutes ago (beyond any usual clock skew).")
    boolean expired;
    @Option(names = "--not-yet-valid", description = "A token whose nbf is 10 minutes from now.")
    boolean notYetValid;
    @Option(names = "--unknown-key", description = "Sign with a fresh key that no metadata document publishes.")
    boolean unknownKey;
    @Option(names = "--serve-metadata", description = "Serve the metadata document on 127.0.0.1 until stopped; the "
            + "identity token's amurl is its URL.")
    boolean serveMetadata;
    @Option(names = "--metadata-url", paramLabel = "URL", description = "The identity token's amurl, e.g. the URL a "
            + "'mint --serve-metadata' running elsewhere printed (default: this server's, or the one --serve-metadata serves).")
    URI metadataUrlOption;
    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "Port for --serve-metadata (default: a free one; the URL is printed on standard error).")
    int port;

    TokenMintCommand(Cli cli) {
        super(cli);
    }

    @Override
    public Integer call() throws Exception {
        if (expired && notYetValid) throw new Main.CommandFailure("--expired and --not-yet-valid exclude each other");
        if (port < 0 || port > 65535) throw new Main.CommandFailure("--port must be between 0 and 65535");
        if (!serveMetadata && port != 0) throw new Main.CommandFailure("--port needs --serve-metadata");
        Kind kind = Kind.parse(type);
        try (Installation inst = common.open(cli)) {
            ServerConfig config = inst.config();
            URI base = config.effectivePublicUrl(config.port());
            Server server = serveMetadata ? bind() : null;
            if (server != null && metadataUrlOption != null) {
                throw new Main.CommandFailure("--metadata-url and --serve-metadata exclude each other");
            }
            URI metadataUrl = metadataUrlOption != null ? metadataUrlOption : server != null
                    ? URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + ServerUrls.METADATA)
                    : new ServerUrls(base).metadata();
            Duration life = lifetime != null ? ServerConfig.parseDuration(lifetime)
                    : kind == Kind.IDENTITY ? config.identityTokenLifetime() : config.callbackTokenLifetime();
            if (life.getSeconds() < 1) throw new Main.CommandFailure("--lifetime must be at least one second");
            KeyRing ring = inst.openKeyRing(Clock.systemUTC(), base.getHost());
            SigningKey key = unknownKey ? SigningKeys.generate("unknown.invalid", Duration.ofDays(1), Clock.systemUTC())
                    : ring.signingKey();
            // Minting "earlier" or "later" gives the expired and not-yet-valid tokens real, consistent nbf/exp.
            Duration shift = expired ? life.plusMinutes(10).negated() : notYetValid ? Duration.ofMinutes(10) : Duration.ZERO;
            IssuerSettings issuer = new IssuerSettings(base.getHost(), metadataUrl, new ServerUrls(base).ews(),
                    new ServerUrls(base).rest(), life, life);
            TokenMinter minter = new TokenMinter(issuer, Clock.offset(Clock.systemUTC(), shift), null);
            String uid = mailboxId(inst);
            String aud = audience(inst);
            IssuedToken token = kind == Kind.IDENTITY
                    ? minter.identityToken(key, new IdentityTokenRequest(aud, uid, false))
                    : minter.callbackToken(key, new CallbackTokenRequest(kind.callback, uid, user.toLowerCase(Locale.ROOT),
                    user.toLowerCase(Locale.ROOT), originOf(aud), callbackScope(kind)));
            cli.out().println(token.value());
            cli.out().flush();
            cli.err().println("minted " + kind.wireName + " for " + user + " (aud " + (kind == Kind.IDENTITY ? aud
                    : issuer.callbackAudience(kind.callback)) + "), valid " + token.notBefore() + " .. " + token.expiresAt()
                    + ", signed by " + key.keyId() + (unknownKey ? " (a key no metadata document publishes)" : ""));
            if (server == null) return 0;
            byte[] document = MetadataDocument.render(inst.store().setting(EwsFeature.METADATA_ID_SETTING).orElse("_" + UUID.randomUUID()),
                    metadataUrl, ring.snapshot().publishedAt(Instant.now()));
            serve(server, document);
            cli.err().println("serving the metadata document at " + metadataUrl + " until stopped (Ctrl-C)");
            cli.err().flush();
            try {
                server.join();
            } finally {
                server.stop(); // also when interrupted
            }
            return 0;
        }
    }

    private enum Kind {
        IDENTITY("CallerIdentity", null),
        CALLBACK("ExtensionCallback", CallbackKind.EXTENSION_CALLBACK),
        REST("ExtensionRestApiCallback", CallbackKind.REST_API_CALLBACK),
        SCOPED("ScopedToken", CallbackKind.SCOPED);

        final String wireName;
        final CallbackKind callback;

        Kind(String wireName, CallbackKind callback) {
            this.wireName = wireName;
            this.callback = callback;
        }

        static Kind parse(String text) {
            for (Kind k : values()) if (k.wireName.equalsIgnoreCase(text.trim())) return k;
            throw new Main.CommandFailure("--type must be CallerIdentity, ExtensionCallback, ExtensionRestApiCallback "
                    + "or ScopedToken, not '" + text + "'");
        }
    }

    /** An existing user's id; for any other address a name-based one, so the same address always gets the same. */
    private String mailboxId(Installation inst) {
        Optional<User> existing = inst.store().findUser(user);
        if (existing.isPresent()) return existing.get().exchangeUid().toString();
        if (!user.contains("@")) throw new Main.CommandFailure("--user must be an SMTP address, not '" + user + "'");
        return UUID.nameUUIDFromBytes(("ewstoken-mint:" + user.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private String audience(Installation inst) {
        if (audience != null) return audience;
        if (app == null) throw new Main.CommandFailure("name the add-in: --app ID (an installed add-in) or --audience URL");
        return inst.store().findAddIn(app.trim().toLowerCase(Locale.ROOT)).map(AddIn::audienceUrl)
                .orElseThrow(() -> new Main.CommandFailure("no add-in with id " + app + " is installed (see 'ewstoken apps list'); "
                        + "or give its URL with --audience"));
    }

    private String callbackScope(Kind kind) {
        if (kind == Kind.SCOPED && (scope == null || scope.isBlank())) {
            throw new Main.CommandFailure("a ScopedToken needs --scope");
        }
        if (kind == Kind.REST && scope != null) throw new Main.CommandFailure("an ExtensionRestApiCallback is mailbox-wide: no --scope");
        return scope == null || scope.isBlank() ? null : scope.trim();
    }

    private static String originOf(String url) {
        try {
            return CallbackTokenRequest.originOf(url);
        } catch (IllegalArgumentException e) {
            throw new Main.CommandFailure("--audience must be an absolute URL: " + e.getMessage());
        }
    }


    /** Binds loopback first, so the port (and with it amurl) is known before the token is minted. */
    private Server bind() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopAtShutdown(true);
        try {
            connector.open();
        } catch (IOException e) {
            throw new Main.CommandFailure("cannot listen on 127.0.0.1:" + port + " for --serve-metadata: " + e.getMessage()
                    + " (choose another --port, or leave it out for a free one)");
        }
        return server;
    }

    private void serve(Server server, byte[] document) throws Exception {
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                boolean get = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
                if (!get || !ServerUrls.METADATA.equalsIgnoreCase(Request.getPathInContext(request))) {
                    Response.writeError(request, response, callback, get ? 404 : 405);
                    return true;
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(document), callback);
                return true;
            }
        });
        server.start();
    }
}
