package org.ewstoken.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What every installation has, whatever features it uses: where it listens, where its data and master
 * key are, how tokens are made, and the basic request bounds. {@link ServerConfig} still answers each
 * of these directly ({@code config.bind()}).
 *
 * @param publicUrl the configured public URL, or null for the listening address
 */
public record CoreSettings(String bind, int port, URI publicUrl, Path dataDir, Optional<Path> masterKeyFile,
                           Optional<String> masterKey, Duration identityTokenLifetime, Duration callbackTokenLifetime,
                           long maxRequestBytes, int maxTokenRequests, int maxXmlDepth, Duration keyRefreshInterval,
                           Duration metadataMaxAge, int argon2MemoryKib, int argon2Iterations, String cryptoProvider,
                           double identityTokenReuse, Duration registryCacheTtl) {

    public static final Setting BIND = new Setting("bind", "127.0.0.1", "Address to listen on.");
    public static final Setting PORT = new Setting("port", "8080", "HTTP port (0 = any free port).");
    public static final Setting PUBLIC_URL = new Setting("public-url", "",
            "External base URL used inside tokens and documents, e.g. https://mail.contoso.com "
                    + "(default: http://<bind>:<port>).");
    public static final Setting DATA_DIR = new Setting("data-dir", "data",
            "Directory holding the embedded database and the master key.");
    public static final Setting MASTER_KEY_FILE = new Setting("master-key-file", "",
            "File holding the base64 master key (default: <data-dir>/master.key, created with mode 0600).");
    public static final Setting MASTER_KEY = Setting.secret("master-key", "",
            "The base64 master key itself; prefer the environment variable to a file on disk.");
    public static final Setting IDENTITY_TOKEN_LIFETIME = new Setting("identity-token-lifetime", "8h",
            "Lifetime of CallerIdentity tokens (e.g. 8h, 90m, PT8H).");
    public static final Setting CALLBACK_TOKEN_LIFETIME = new Setting("callback-token-lifetime", "5m",
            "Lifetime of ExtensionCallback, ExtensionRestApiCallback and ScopedToken tokens.");
    public static final Setting MAX_REQUEST_BYTES = new Setting("max-request-bytes", "1048576",
            "Largest accepted request body; larger requests get HTTP 413.");
    public static final Setting MAX_TOKEN_REQUESTS = new Setting("max-token-requests", "100",
            "Most TokenRequest elements in one GetClientAccessToken call.");
    public static final Setting MAX_XML_DEPTH = new Setting("max-xml-depth", "32",
            "Deepest element nesting accepted in a SOAP request.");
    public static final Setting KEY_REFRESH_INTERVAL = new Setting("key-refresh-interval", "30s",
            "How often a running server re-reads signing keys, so 'keys rotate' from the CLI takes effect.");
    public static final Setting METADATA_MAX_AGE = new Setting("metadata-max-age", "5m",
            "Cache-Control max-age of the authentication metadata document.");
    public static final Setting ARGON2_MEMORY_KIB = new Setting("argon2-memory-kib", "19456",
            "Argon2id memory cost for new password hashes, in KiB.");
    public static final Setting ARGON2_ITERATIONS = new Setting("argon2-iterations", "2",
            "Argon2id iterations for new password hashes.");
    public static final Setting CRYPTO_PROVIDER = new Setting("crypto-provider", "auto",
            "Token signing provider: auto (native AWS-LC if it loads, else the JDK), native, or jdk.");
    public static final Setting IDENTITY_TOKEN_REUSE = new Setting("identity-token-reuse", "0.75",
            "Hand out the same identity token again while at least this fraction of its lifetime remains (0 = never).");
    public static final Setting REGISTRY_CACHE_TTL = new Setting("registry-cache-ttl", "2s",
            "How long users and add-ins read from the store are cached; bounds how late a change made by "
                    + "another process is seen (changes through this server apply at once).");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(BIND, PORT, PUBLIC_URL, DATA_DIR, MASTER_KEY_FILE, MASTER_KEY,
            IDENTITY_TOKEN_LIFETIME, CALLBACK_TOKEN_LIFETIME, MAX_REQUEST_BYTES, MAX_TOKEN_REQUESTS, MAX_XML_DEPTH,
            KEY_REFRESH_INTERVAL, METADATA_MAX_AGE, ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, CRYPTO_PROVIDER,
            IDENTITY_TOKEN_REUSE, REGISTRY_CACHE_TTL);

    public CoreSettings {
        Checks.port(PORT, port);
        Checks.positive(IDENTITY_TOKEN_LIFETIME, identityTokenLifetime);
        Checks.positive(CALLBACK_TOKEN_LIFETIME, callbackTokenLifetime);
        Checks.positive(KEY_REFRESH_INTERVAL, keyRefreshInterval);
        Checks.atLeast(MAX_REQUEST_BYTES, maxRequestBytes, 1024);
        Checks.atLeast(MAX_TOKEN_REQUESTS, maxTokenRequests, 1);
        Checks.atLeast(MAX_XML_DEPTH, maxXmlDepth, 8);
        if (!(identityTokenReuse >= 0 && identityTokenReuse < 1)) {
            throw new ConfigException("identity-token-reuse must be at least 0 and below 1");
        }
    }

    /** Reads this record from the configuration. */
    static CoreSettings from(SettingValues v) {
        String publicUrl = v.get(PUBLIC_URL);
        return new CoreSettings(v.get(BIND), v.integer(PORT), publicUrl.isBlank() ? null : parsePublicUrl(publicUrl),
                Path.of(v.get(DATA_DIR)), v.path(MASTER_KEY_FILE), v.optional(MASTER_KEY),
                v.duration(IDENTITY_TOKEN_LIFETIME), v.duration(CALLBACK_TOKEN_LIFETIME), v.integer(MAX_REQUEST_BYTES),
                v.integer(MAX_TOKEN_REQUESTS), v.integer(MAX_XML_DEPTH), v.duration(KEY_REFRESH_INTERVAL),
                v.duration(METADATA_MAX_AGE), v.integer(ARGON2_MEMORY_KIB), v.integer(ARGON2_ITERATIONS),
                v.get(CRYPTO_PROVIDER), v.fraction(IDENTITY_TOKEN_REUSE), v.duration(REGISTRY_CACHE_TTL));
    }

    /** Never prints the master key: configurations end up in logs and error reports. */
    @Override
    public String toString() {
        return "bind=" + bind + ", port=" + port + ", publicUrl=" + publicUrl + ", dataDir=" + dataDir
                + ", masterKeyFile=" + masterKeyFile.map(Path::toString).orElse("-")
                + ", masterKey=" + (masterKey.isPresent() ? "***" : "-")
                + ", identityTokenLifetime=" + identityTokenLifetime + ", callbackTokenLifetime=" + callbackTokenLifetime;
    }

    private static URI parsePublicUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("public-url '" + text + "' is not a URL");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigException("public-url must be an absolute http(s) URL, was '" + text + "'");
        }
        return uri;
    }
}
