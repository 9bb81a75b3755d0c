package org.ewstoken.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a PostgreSQL store is and how to pool connections to it.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database}, optionally with driver parameters
 * @param user the role to log in as
 * @param password its password (may be empty, e.g. for trust or certificate authentication); never printed
 * @param poolSize most connections this process holds open
 * @param connectionTimeout how long a caller waits for a connection before the store call fails; it
 *     also bounds how long a readiness check takes while the database is down
 */
public record PostgresConfig(String jdbcUrl, String user, String password, int poolSize,
                             Duration connectionTimeout) {

    private static final String PREFIX = "jdbc:postgresql:";

    public PostgresConfig {
        Values.requireText(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("the store URL must start with " + PREFIX + ", was " + safeUrl(jdbcUrl));
        }
        Values.requireText(user, "user");
        Objects.requireNonNull(password, "password");
        if (poolSize < 1 || poolSize > 500) {
            throw new IllegalArgumentException("poolSize must be 1..500, was " + poolSize);
        }
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout must be at least 250ms");
        }
    }

    /** The URL without its query string, which may carry credentials: fit for messages and logs. */
    public String safeUrl() {
        return safeUrl(jdbcUrl);
    }

    private static String safeUrl(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    /** Leaves out the password and the URL's parameters. */
    @Override
    public String toString() {
        return "PostgresConfig[jdbcUrl=" + safeUrl() + ", user=" + user + ", poolSize=" + poolSize
                + ", connectionTimeout=" + connectionTimeout + "]";
    }
}
