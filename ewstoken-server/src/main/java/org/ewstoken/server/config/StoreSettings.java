package org.ewstoken.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        if (passwordFile.isEmpty()) return password.orElse("");
        try {
            List<String> lines = Files.readAllLines(passwordFile.get(), StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0).strip();
        } catch (IOException e) {
            throw new ConfigException("cannot read store-password-file " + passwordFile.get() + ": " + FileProblems.describe(e));
        }
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
