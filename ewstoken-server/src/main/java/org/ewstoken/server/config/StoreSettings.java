package org.ewstoken.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ewstoken.store.PostgresConfig;

/**
 * Which database holds the installation: the embedded SQLite file in the data directory unless a
 * PostgreSQL URL is set, and how to log in to and pool that PostgreSQL.
 */
public record StoreSettings(Optional<String> url, String user, Optional<String> password,
                            Optional<Path> passwordFile, int poolSize, Duration timeout, boolean migrateOnStart) {

    public static final Setting STORE_URL = new Setting("store-url", "",
            "JDBC URL of a PostgreSQL database shared by every node, e.g. jdbc:postgresql://db:5432/ewstoken "
                    + "(default: the embedded SQLite database in data-dir).");
    public static final Setting STORE_USER = new Setting("store-user", "ewstoken",
            "PostgreSQL role to log in as.");
    public static final Setting STORE_PASSWORD = Setting.secret("store-password", "",
            "PostgreSQL password; prefer store-password-file or the environment variable to a file on disk.");
    public static final Setting STORE_PASSWORD_FILE = Setting.secret("store-password-file", "",
            "File whose first line is the PostgreSQL password.");
    public static final Setting STORE_POOL_SIZE = new Setting("store-pool-size", "10",
            "Most PostgreSQL connections one node holds open.");
    public static final Setting STORE_TIMEOUT = new Setting("store-timeout", "5s",
            "How long a request waits for a PostgreSQL connection before it fails (also bounds /readyz).");
    public static final Setting MIGRATE_ON_START = new Setting("migrate-on-start", "true",
            "Apply pending schema migrations when the server starts; false = refuse to start until "
                    + "'ewstoken migrate' has run.");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(STORE_URL, STORE_USER, STORE_PASSWORD, STORE_PASSWORD_FILE,
            STORE_POOL_SIZE, STORE_TIMEOUT, MIGRATE_ON_START);

    /** Reads this record from the configuration. */
    static StoreSettings from(SettingValues v) {
        return new StoreSettings(v.optional(STORE_URL), v.get(STORE_USER), v.optional(STORE_PASSWORD),
                v.path(STORE_PASSWORD_FILE), v.integer(STORE_POOL_SIZE), v.duration(STORE_TIMEOUT),
                v.bool(MIGRATE_ON_START));
    }

    public StoreSettings {
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
            throw new ConfigException("store-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/database)");
        }
        if (password.isPresent() && passwordFile.isPresent()) {
            throw new ConfigException("set store-password or store-password-file, not both");
        }
        if (poolSize < 1 || poolSize > 500) throw new ConfigException("store-pool-size must be 1..500");
        if (timeout.toMillis() < 250) throw new ConfigException("store-timeout must be at least 250ms");
    }

    /** The PostgreSQL to use, reading the password file now; empty for the embedded SQLite store. */
    public Optional<PostgresConfig> postgres() {
        if (url.isEmpty()) return Optional.empty();
        try {
            return Optional.of(new PostgresConfig(url.get(), user, readPassword(), poolSize, timeout));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private String readPassword() {
        return passwordFile.map(f -> SecretFiles.firstLine(STORE_PASSWORD_FILE, f))
                .orElseGet(() -> password.orElse(""));
    }

    /** Leaves out the password and the URL's parameters, which may carry one. */
    @Override
    public String toString() {
        return "StoreSettings[url=" + url.map(u -> u.contains("?") ? u.substring(0, u.indexOf('?')) + "?…" : u)
                .orElse("(embedded SQLite)") + ", user=" + user + ", password=" + (password.isPresent() ? "***" : "-")
                + ", passwordFile=" + passwordFile.map(Path::toString).orElse("-") + ", poolSize=" + poolSize
                + ", timeout=" + timeout + ", migrateOnStart=" + migrateOnStart + "]";
    }
}
