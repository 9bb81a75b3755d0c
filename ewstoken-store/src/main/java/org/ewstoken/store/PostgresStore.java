package org.ewstoken.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

/**
 * Opens a store on a PostgreSQL database that several server nodes may share. Everything
 * PostgreSQL-specific (driver, pool and network timeouts) lives here; the SQL itself is the
 * dialect-neutral {@link JdbcStore} and {@link Migrations}.
 */
public final class PostgresStore {

    /** A query that hangs longer than this (e.g. across a network partition) fails instead. */
    static final int SOCKET_TIMEOUT_SECONDS = 30;

    private PostgresStore() {}

    /**
     * Connects, applies pending migrations and returns a store that closes its connection pool on
     * {@link Store#close()}.
     */
    public static Store open(PostgresConfig config) {
        return JdbcStore.owning(openPool(config), Migrations::apply);
    }

    /**
     * A connection pool on the database; fails at once if the database cannot be reached. Broken
     * connections (e.g. after a database restart) are dropped and replaced as they are found, so the
     * pool recovers by itself once the database is back.
     */
    static HikariDataSource openPool(PostgresConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ewstoken-postgresql");
        hikari.setDriverClassName("org.postgresql.Driver");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        long timeoutMillis = config.connectionTimeout().toMillis();
        hikari.setConnectionTimeout(timeoutMillis);
        hikari.setValidationTimeout(Math.max(250, Math.min(timeoutMillis, 2_000)));
        int timeoutSeconds = (int) Math.max(1, config.connectionTimeout().toSeconds());
        hikari.addDataSourceProperty("connectTimeout", timeoutSeconds);
        hikari.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        hikari.addDataSourceProperty("ApplicationName", "ewstoken");
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            // The driver's message names host and port and the reason, never the password.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StoreException("cannot connect to PostgreSQL at " + config.safeUrl() + " as " + config.user()
                    + ": " + cause.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StoreException("open PostgreSQL store " + config.safeUrl() + " failed", e);
        }
    }
}
