package org.ewstoken.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The EWS front (docs/front.md): ewstoken in front of an existing EWS server, the upstream. Off unless
 * {@code upstream-ews-url} is set. The service account's password comes from a file (preferred) or the
 * setting itself, and is read at start-up.
 *
 * @param ewsUrl          the upstream's EWS URL, e.g. https://mail.internal.example/EWS/Exchange.asmx
 * @param user            the service account that callback-token requests are forwarded as
 * @param passwordFile    file whose first line is its password
 * @param password        its password itself
 * @param caFile          PEM file of the CA certificates the upstream's TLS certificate is checked against
 *                        (default: the JVM's trust store)
 * @param paths           path prefixes (lower case) forwarded to the upstream besides the EWS operations
 *                        ewstoken does not answer itself
 * @param connectTimeout  how long to wait for a connection to the upstream
 * @param idleTimeout     how long an upstream exchange may go without a byte moving either way
 * @param timeout         the longest an upstream exchange may take in all (0 = no total bound, for large downloads)
 */
public record FrontSettings(Optional<URI> ewsUrl, Optional<String> user, Optional<Path> passwordFile,
                            Optional<String> password, Optional<Path> caFile, List<String> paths,
                            Duration connectTimeout, Duration idleTimeout, Duration timeout) {

    public static final Setting UPSTREAM_EWS_URL = new Setting("upstream-ews-url", "",
            "The EWS server to front, e.g. https://mail.internal.example/EWS/Exchange.asmx: ewstoken answers the "
                    + "token and add-in operations and forwards everything else there (default: no front).");
    public static final Setting UPSTREAM_USER = new Setting("upstream-user", "",
            "Service account with impersonation rights on the upstream, for callback-token requests.");
    public static final Setting UPSTREAM_PASSWORD_FILE = Setting.secret("upstream-password-file", "",
            "File whose first line is the service account's password.");
    public static final Setting UPSTREAM_PASSWORD = Setting.secret("upstream-password", "",
            "The service account's password itself; prefer the file.");
    public static final Setting UPSTREAM_CA_FILE = new Setting("upstream-ca-file", "",
            "PEM file of the CA certificates that the upstream's TLS certificate must chain to (default: the JVM's).");
    public static final Setting UPSTREAM_PATHS = new Setting("upstream-paths",
            "/ews/,/autodiscover/,/mapi/,/oab/,/rpc/,/microsoft-server-activesync",
            "Path prefixes forwarded to the upstream when ewstoken does not answer them itself (case-insensitive).");
    public static final Setting UPSTREAM_CONNECT_TIMEOUT = new Setting("upstream-connect-timeout", "5s",
            "How long to wait for a connection to the upstream.");
    public static final Setting UPSTREAM_IDLE_TIMEOUT = new Setting("upstream-idle-timeout", "60s",
            "An upstream exchange on which nothing moves for this long fails (ErrorTimeoutExpired, HTTP 504).");
    public static final Setting UPSTREAM_TIMEOUT = new Setting("upstream-timeout", "0",
            "Longest time one upstream exchange may take in all, e.g. 10m (0 = no bound, for large downloads).");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(UPSTREAM_EWS_URL, UPSTREAM_USER, UPSTREAM_PASSWORD_FILE,
            UPSTREAM_PASSWORD, UPSTREAM_CA_FILE, UPSTREAM_PATHS, UPSTREAM_CONNECT_TIMEOUT, UPSTREAM_IDLE_TIMEOUT,
            UPSTREAM_TIMEOUT);

    /** Reads this record from the configuration. */
    static FrontSettings from(SettingValues v) {
        return new FrontSettings(v.optional(UPSTREAM_EWS_URL).map(FrontSettings::parseUrl), v.optional(UPSTREAM_USER),
                v.path(UPSTREAM_PASSWORD_FILE), v.optional(UPSTREAM_PASSWORD), v.path(UPSTREAM_CA_FILE),
                parsePaths(v.get(UPSTREAM_PATHS)), v.duration(UPSTREAM_CONNECT_TIMEOUT), v.duration(UPSTREAM_IDLE_TIMEOUT),
                v.get(UPSTREAM_TIMEOUT).strip().equals("0") ? Duration.ZERO : v.duration(UPSTREAM_TIMEOUT));
    }

    public FrontSettings {
        paths = List.copyOf(paths);
        if (ewsUrl.isPresent()) {
            URI u = ewsUrl.get();
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
                throw new ConfigException("upstream-ews-url must be an absolute http(s) URL, was '" + u + "'");
            }
            if (u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new ConfigException("upstream-ews-url must not have a query or fragment, was '" + u + "'");
            }
        } else if (user.isPresent() || passwordFile.isPresent() || password.isPresent() || caFile.isPresent()) {
            throw new ConfigException("upstream settings are set but upstream-ews-url is not: the front is off without it");
        }
        if (user.isPresent() != (passwordFile.isPresent() || password.isPresent())) {
            throw new ConfigException("upstream-user needs exactly one of upstream-password-file (preferred) and "
                    + "upstream-password, and they need upstream-user");
        }
        if (passwordFile.isPresent() && password.isPresent()) {
            throw new ConfigException("set upstream-password-file or upstream-password, not both");
        }
        if (user.isPresent() && user.get().contains(":")) {
            throw new ConfigException("upstream-user must not contain ':' (HTTP Basic separates user and password with it)");
        }
        for (String p : paths) {
            if (!p.startsWith("/")) throw new ConfigException("upstream-paths entries must start with '/', was '" + p + "'");
        }
        Checks.positive(UPSTREAM_CONNECT_TIMEOUT, connectTimeout);
        Checks.positive(UPSTREAM_IDLE_TIMEOUT, idleTimeout);
        Checks.notNegative(UPSTREAM_TIMEOUT, timeout);
    }

    /** Whether the front is on. */
    public boolean enabled() {
        return ewsUrl.isPresent();
    }

    /** "/EWS/, /autodiscover/" as read from the setting: comma-separated prefixes, matched ignoring case. */
    private static URI parseUrl(String text) {
        try {
            return URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("upstream-ews-url '" + text + "' is not a URL");
        }
    }

    static List<String> parsePaths(String text) {
        List<String> out = new ArrayList<>();
        for (String p : text.split(",")) {
            String t = p.strip().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }

    /** The service account's password, reading the file now; empty without a service account. */
    public Optional<char[]> servicePassword() {
        if (user.isEmpty()) return Optional.empty();
        String p = passwordFile.map(f -> SecretFiles.firstLine(UPSTREAM_PASSWORD_FILE, f))
                .orElseGet(() -> password.orElseThrow().strip());
        if (p.isEmpty()) throw new ConfigException("the upstream service account's password is empty");
        return Optional.of(p.toCharArray());
    }

    @Override
    public String toString() {
        return "FrontSettings[ewsUrl=" + ewsUrl.map(URI::toString).orElse("-") + ", user=" + user.orElse("-")
                + ", passwordFile=" + passwordFile.map(Path::toString).orElse("-")
                + ", password=" + (password.isPresent() ? "***" : "-") + ", caFile="
                + caFile.map(Path::toString).orElse("-") + ", paths=" + paths + "]";
    }
}
