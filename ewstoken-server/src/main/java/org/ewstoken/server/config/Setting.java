package org.ewstoken.server.config;

import java.util.List;
import java.util.Locale;

/**
 * One documented configuration setting. The list below is the single source of truth for the
 * configuration file keys, the environment variables and the defaults that {@code serve --help}
 * prints, so the help text cannot drift from what is actually read.
 */
public record Setting(String key, String defaultValue, String description) {

    public static final Setting BIND = new Setting("bind", "127.0.0.1", "Address to listen on.");
    public static final Setting PORT = new Setting("port", "8080", "HTTP port (0 = any free port).");
    public static final Setting PUBLIC_URL = new Setting("public-url", "",
            "External base URL used inside tokens and documents, e.g. https://mail.contoso.com "
                    + "(default: http://<bind>:<port>).");
    public static final Setting DATA_DIR = new Setting("data-dir", "data",
            "Directory holding the embedded database and the master key.");
    public static final Setting MASTER_KEY_FILE = new Setting("master-key-file", "",
            "File holding the base64 master key (default: <data-dir>/master.key, created with mode 0600).");
    public static final Setting MASTER_KEY = new Setting("master-key", "",
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

    public static final List<Setting> ALL = List.of(BIND, PORT, PUBLIC_URL, DATA_DIR, MASTER_KEY_FILE,
            MASTER_KEY, IDENTITY_TOKEN_LIFETIME, CALLBACK_TOKEN_LIFETIME, MAX_REQUEST_BYTES,
            MAX_TOKEN_REQUESTS, MAX_XML_DEPTH, KEY_REFRESH_INTERVAL, METADATA_MAX_AGE,
            ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, CRYPTO_PROVIDER, IDENTITY_TOKEN_REUSE, REGISTRY_CACHE_TTL);

    /** EWSTOKEN_PUBLIC_URL for public-url. */
    public String environmentVariable() {
        return "EWSTOKEN_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
