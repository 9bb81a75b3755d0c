package org.ewstoken.server.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The server's configuration, resolved once at start-up. Each setting is taken from, in order of
 * precedence: a command-line option, an environment variable ({@code EWSTOKEN_*}), the
 * configuration file, the documented default.
 */
public record ServerConfig(
        String bind,
        int port,
        URI publicUrl,
        Path dataDir,
        Optional<Path> masterKeyFile,
        Optional<String> masterKey,
        Duration identityTokenLifetime,
        Duration callbackTokenLifetime,
        long maxRequestBytes,
        int maxTokenRequests,
        int maxXmlDepth,
        Duration keyRefreshInterval,
        Duration metadataMaxAge,
        int argon2MemoryKib,
        int argon2Iterations,
        String cryptoProvider,
        double identityTokenReuse,
        Duration registryCacheTtl,
        RequestLimits limits,
        ThrottlePolicy throttling,
        ListenerSettings listeners,
        StoreSettings store,
        ClusterSettings cluster,
        IntrospectionSettings introspection,
        AddInPolicy addIns,
        FrontSettings front,
        IdentitySettings identity,
        HardeningSettings hardening,
        ConsoleSettings console) {

    public ServerConfig {
        if (port < 0 || port > 65535) throw new ConfigException("port must be 0..65535, was " + port);
        requirePositive(identityTokenLifetime, Setting.IDENTITY_TOKEN_LIFETIME);
        requirePositive(callbackTokenLifetime, Setting.CALLBACK_TOKEN_LIFETIME);
        requirePositive(keyRefreshInterval, Setting.KEY_REFRESH_INTERVAL);
        if (maxRequestBytes < 1024) throw new ConfigException("max-request-bytes must be at least 1024");
        if (maxTokenRequests < 1) throw new ConfigException("max-token-requests must be at least 1");
        if (maxXmlDepth < 8) throw new ConfigException("max-xml-depth must be at least 8");
        if (cluster.keyPrePublication().compareTo(keyRefreshInterval) < 0) {
            throw new ConfigException("key-pre-publication must be at least key-refresh-interval, so that every "
                    + "node publishes a new key before any node signs with it");
        }
        if (!(identityTokenReuse >= 0 && identityTokenReuse < 1)) {
            throw new ConfigException("identity-token-reuse must be at least 0 and below 1");
        }
    }

    /** Never prints the master key: configurations end up in logs and error reports. */
    @Override
    public String toString() {
        return "ServerConfig[bind=" + bind + ", port=" + port + ", publicUrl=" + publicUrl + ", dataDir=" + dataDir
                + ", masterKeyFile=" + masterKeyFile.map(Path::toString).orElse("-")
                + ", masterKey=" + (masterKey.isPresent() ? "***" : "-")
                + ", identityTokenLifetime=" + identityTokenLifetime + ", callbackTokenLifetime=" + callbackTokenLifetime
                + ", store=" + store + ", listeners=" + listeners + ", introspection=" + introspection + ", front=" + front + "]";
    }

    /** The base URL tokens and documents name: the configured public URL, else the listening address. */
    public URI effectivePublicUrl(int boundPort) {
        if (publicUrl != null) return publicUrl;
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + boundPort);
    }

    /** Resolves every setting from the given sources. */
    public static ServerConfig resolve(Map<Setting, String> commandLine, Map<String, String> environment,
                                       Optional<Path> configFile) {
        Map<String, String> file = configFile.map(ServerConfig::readFile).orElse(Map.of());
        Resolver r = new Resolver(commandLine, environment, file);
        String publicUrl = r.get(Setting.PUBLIC_URL);
        return new ServerConfig(
                r.get(Setting.BIND),
                r.integer(Setting.PORT),
                publicUrl.isBlank() ? null : parsePublicUrl(publicUrl),
                Path.of(r.get(Setting.DATA_DIR)),
                r.optional(Setting.MASTER_KEY_FILE).map(Path::of),
                r.optional(Setting.MASTER_KEY),
                r.duration(Setting.IDENTITY_TOKEN_LIFETIME),
                r.duration(Setting.CALLBACK_TOKEN_LIFETIME),
                r.integer(Setting.MAX_REQUEST_BYTES),
                r.integer(Setting.MAX_TOKEN_REQUESTS),
                r.integer(Setting.MAX_XML_DEPTH),
                r.duration(Setting.KEY_REFRESH_INTERVAL),
                r.duration(Setting.METADATA_MAX_AGE),
                r.integer(Setting.ARGON2_MEMORY_KIB),
                r.integer(Setting.ARGON2_ITERATIONS),
                r.get(Setting.CRYPTO_PROVIDER),
                r.fraction(Setting.IDENTITY_TOKEN_REUSE),
                r.duration(Setting.REGISTRY_CACHE_TTL),
                new RequestLimits(r.integer(Setting.MAX_HEADER_BYTES), r.integer(Setting.MAX_XML_ELEMENTS),
                        r.integer(Setting.MAX_XML_TEXT_LENGTH), r.integer(Setting.MAX_XML_ATTRIBUTE_LENGTH),
                        r.duration(Setting.REQUEST_TIMEOUT), r.duration(Setting.IDLE_TIMEOUT),
                        r.integer(Setting.MAX_CONNECTIONS), r.integer(Setting.MAX_THREADS)),
                new ThrottlePolicy(r.integer(Setting.USER_MAX_CONCURRENCY), r.integer(Setting.USER_BURST),
                        r.integer(Setting.USER_RECHARGE_PER_MINUTE), r.integer(Setting.LOGIN_FAILURES_PER_ACCOUNT),
                        r.integer(Setting.LOGIN_FAILURES_PER_ADDRESS), r.duration(Setting.LOGIN_LOCKOUT_MAX),
                        r.duration(Setting.LOGIN_FAILURE_RESET)),
                new ListenerSettings(r.bool(Setting.HTTP_ENABLED), r.optional(Setting.HTTPS_PORT).map(v -> r.integer(Setting.HTTPS_PORT)),
                        r.optional(Setting.TLS_CERTIFICATE).map(Path::of), r.optional(Setting.TLS_PRIVATE_KEY).map(Path::of),
                        r.optional(Setting.TLS_PASSWORD), r.bool(Setting.TRUST_FORWARDED_HEADERS)),
                new StoreSettings(r.optional(Setting.STORE_URL), r.get(Setting.STORE_USER),
                        r.optional(Setting.STORE_PASSWORD), r.optional(Setting.STORE_PASSWORD_FILE).map(Path::of),
                        r.integer(Setting.STORE_POOL_SIZE), r.duration(Setting.STORE_TIMEOUT),
                        r.bool(Setting.MIGRATE_ON_START)),
                new ClusterSettings(r.optional(Setting.NODE_NAME), r.duration(Setting.KEY_PRE_PUBLICATION),
                        r.optional(Setting.KEY_ROTATION_INTERVAL).isPresent()
                                ? r.duration(Setting.KEY_ROTATION_INTERVAL) : Duration.ZERO,
                        r.duration(Setting.AUDIT_RETENTION)),
                new IntrospectionSettings(r.optional(Setting.INTROSPECTION_CLIENT_ID),
                        r.optional(Setting.INTROSPECTION_CLIENT_SECRET_FILE).map(Path::of),
                        r.optional(Setting.INTROSPECTION_CLIENT_SECRET)),
                new AddInPolicy(r.bool(Setting.USER_ADD_INS), r.bool(Setting.USER_ADD_INS_READ_WRITE_MAILBOX),
                        AddInPolicy.marketplaceUrl(r.optional(Setting.APP_MARKETPLACE_URL))),
                new FrontSettings(r.optional(Setting.UPSTREAM_EWS_URL).map(ServerConfig::parseUpstreamUrl),
                        r.optional(Setting.UPSTREAM_USER), r.optional(Setting.UPSTREAM_PASSWORD_FILE).map(Path::of),
                        r.optional(Setting.UPSTREAM_PASSWORD), r.optional(Setting.UPSTREAM_CA_FILE).map(Path::of),
                        FrontSettings.parsePaths(r.get(Setting.UPSTREAM_PATHS)), r.duration(Setting.UPSTREAM_CONNECT_TIMEOUT),
                        r.duration(Setting.UPSTREAM_IDLE_TIMEOUT), r.get(Setting.UPSTREAM_TIMEOUT).strip().equals("0")
                                ? Duration.ZERO : r.duration(Setting.UPSTREAM_TIMEOUT)),
                IdentitySettings.resolve(r),
                new HardeningSettings(r.integer(Setting.MAX_CONNECTIONS_PER_ADDRESS), r.duration(Setting.HEADER_TIMEOUT),
                        r.integer(Setting.MAX_CHUNK_EXTENSION_BYTES), r.integer(Setting.PASSWORD_CHECK_QUEUE),
                        r.get(Setting.OPS_BIND).trim(), r.optional(Setting.OPS_PORT).map(v -> r.integer(Setting.OPS_PORT)),
                        r.integer(Setting.USER_ADD_INS_MAX), r.integer(Setting.USER_ADD_IN_INSTALLS_PER_HOUR)),
                console(r));
    }

    private static ConsoleSettings console(Resolver r) {
        Map<String, String> effective = new java.util.LinkedHashMap<>();
        for (Setting s : Setting.ALL) effective.put(s.key(), ConsoleSettings.shown(s, r.get(s)));
        return new ConsoleSettings(r.optional(Setting.CONSOLE_ENABLED).map(v -> r.bool(Setting.CONSOLE_ENABLED)),
                r.optional(Setting.ADMIN_BIND), r.optional(Setting.ADMIN_PORT).map(v -> r.integer(Setting.ADMIN_PORT)),
                effective);
    }

    /** Defaults only, with overrides: convenient for embedding and tests. */
    public static ServerConfig defaults(Map<Setting, String> overrides) {
        return resolve(overrides, Map.of(), Optional.empty());
    }

    /** Parses 8h, 90m, 30s, 2d, 500ms or an ISO-8601 duration such as PT8H. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) return Duration.parse(t.toUpperCase(Locale.ROOT));
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new ConfigException("'" + text + "' is not a duration (examples: 8h, 5m, 30s, PT8H)");
        }
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

    private static URI parseUpstreamUrl(String text) {
        try {
            return URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("upstream-ews-url '" + text + "' is not a URL");
        }
    }

    private static void requirePositive(Duration d, Setting s) {
        if (d.isNegative() || d.isZero()) throw new ConfigException(s.key() + " must be positive");
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read the configuration file " + file + ": " + FileProblems.describe(e));
        }
        Map<String, String> out = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (Setting.ALL.stream().noneMatch(s -> s.key().equals(name))) {
                throw new ConfigException("unknown setting '" + name + "' in " + file);
            }
            out.put(name, p.getProperty(name).trim());
        }
        return out;
    }

    /** Reads settings for the per-feature records ({@link IdentitySettings#resolve}). */
    interface Values {
        String get(Setting s);

        Optional<String> optional(Setting s);

        int integer(Setting s);

        boolean bool(Setting s);

        Duration duration(Setting s);
    }

    private record Resolver(Map<Setting, String> commandLine, Map<String, String> env, Map<String, String> file) implements Values {
        @Override
        public String get(Setting s) {
            String v = commandLine.get(s);
            if (v == null) v = env.get(s.environmentVariable());
            if (v == null) v = file.get(s.key());
            return v == null ? s.defaultValue() : v;
        }

        @Override
        public Optional<String> optional(Setting s) {
            String v = get(s);
            return v.isBlank() ? Optional.empty() : Optional.of(v);
        }

        @Override
        public int integer(Setting s) {
            try {
                return Integer.parseInt(get(s).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(s.key() + " must be a whole number, was '" + get(s) + "'");
            }
        }

        double fraction(Setting s) {
            try {
                return Double.parseDouble(get(s).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(s.key() + " must be a number such as 0.75, was '" + get(s) + "'");
            }
        }

        @Override
        public boolean bool(Setting s) {
            String v = get(s).trim().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
            throw new ConfigException(s.key() + " must be true or false, was '" + get(s) + "'");
        }

        @Override
        public Duration duration(Setting s) {
            try {
                return parseDuration(get(s));
            } catch (ConfigException e) {
                throw new ConfigException(s.key() + ": " + e.getMessage());
            }
        }
    }
}
