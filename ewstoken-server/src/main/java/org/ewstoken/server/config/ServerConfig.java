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
 * The server's configuration, resolved once at start-up: one record per feature, each owning its
 * {@link Setting}s and reading itself ({@code XxxSettings.from}); {@link SettingValues} says where a
 * value comes from (command line, environment, file, default). A new setting goes into its feature's
 * record, not here.
 */
public record ServerConfig(
        CoreSettings core,
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
        if (cluster.keyPrePublication().compareTo(core.keyRefreshInterval()) < 0) {
            throw new ConfigException("key-pre-publication must be at least key-refresh-interval, so that every "
                    + "node publishes a new key before any node signs with it");
        }
    }

    /** Never prints the master key: configurations end up in logs and error reports. */
    @Override
    public String toString() {
        return "ServerConfig[" + core + ", store=" + store + ", listeners=" + listeners + ", introspection="
                + introspection + ", front=" + front + "]";
    }

    /** The base URL tokens and documents name: the configured public URL, else the listening address. */
    public URI effectivePublicUrl(int boundPort) {
        if (publicUrl() != null) return publicUrl();
        String host = bind().equals("0.0.0.0") || bind().equals("::") ? "localhost" : bind();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + boundPort);
    }

    /** Resolves every setting from the given sources. */
    public static ServerConfig resolve(Map<Setting, String> commandLine, Map<String, String> environment,
                                       Optional<Path> configFile) {
        Map<String, String> file = configFile.map(ServerConfig::readFile).orElse(Map.of());
        SettingValues v = new SettingValues(commandLine, environment, file);
        return new ServerConfig(CoreSettings.from(v), RequestLimits.from(v), ThrottlePolicy.from(v),
                ListenerSettings.from(v), StoreSettings.from(v), ClusterSettings.from(v), IntrospectionSettings.from(v),
                AddInPolicy.from(v), FrontSettings.from(v), IdentitySettings.from(v), HardeningSettings.from(v),
                ConsoleSettings.from(v));
    }

    // ---- the core settings, answered directly as before they had a record of their own

    public String bind() {
        return core.bind();
    }

    public int port() {
        return core.port();
    }

    public URI publicUrl() {
        return core.publicUrl();
    }

    public Path dataDir() {
        return core.dataDir();
    }

    public Optional<Path> masterKeyFile() {
        return core.masterKeyFile();
    }

    public Optional<String> masterKey() {
        return core.masterKey();
    }

    public Duration identityTokenLifetime() {
        return core.identityTokenLifetime();
    }

    public Duration callbackTokenLifetime() {
        return core.callbackTokenLifetime();
    }

    public long maxRequestBytes() {
        return core.maxRequestBytes();
    }

    public int maxTokenRequests() {
        return core.maxTokenRequests();
    }

    public int maxXmlDepth() {
        return core.maxXmlDepth();
    }

    public Duration keyRefreshInterval() {
        return core.keyRefreshInterval();
    }

    public Duration metadataMaxAge() {
        return core.metadataMaxAge();
    }

    public int argon2MemoryKib() {
        return core.argon2MemoryKib();
    }

    public int argon2Iterations() {
        return core.argon2Iterations();
    }

    public String cryptoProvider() {
        return core.cryptoProvider();
    }

    public double identityTokenReuse() {
        return core.identityTokenReuse();
    }

    public Duration registryCacheTtl() {
        return core.registryCacheTtl();
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
}
