package org.ewstoken.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the embedded SQLite store. Everything SQLite-specific (URL, pragmas, pool size) lives here;
 * the SQL itself is in the dialect-neutral store areas ({@link JdbcStore}) and {@link Migrations}.
 */
public final class SqliteStore {

    /** WAL lets readers proceed while one connection writes; a few connections are plenty. */
    static final int POOL_SIZE = 4;
    /** How long a writer waits for another writer's lock before failing with SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private SqliteStore() {}

    /**
     * Opens (creating if needed) the database file and its parent directories, applies pending
     * migrations and returns a store that closes its connection pool on {@link Store#close()}.
     */
    public static Store open(Path databaseFile) {
        return JdbcStore.owning(openPool(databaseFile), Migrations::applyEmbedded);
    }

    /** A connection pool on the database file, created (with its parent directories) if needed. */
    static HikariDataSource openPool(Path databaseFile) {
        Path file = databaseFile.toAbsolutePath();
        createParentDirectories(file);
        SqliteLibrary.useKeptCopy();
        try {
            return new HikariDataSource(poolConfig(file));
        } catch (RuntimeException e) {
            throw new StoreException("open SQLite database " + file + " failed", e);
        }
    }

    /**
     * Initialises what opening the pool needs first: a {@code SQLiteConfig} makes the driver's date format, whose
     * first use reads the JDK's locale data (30-60 ms of the main thread when it came first, docs/benchmarks.md).
     */
    static void preload() {
        new SQLiteConfig();
    }

    private static HikariConfig poolConfig(Path file) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL syncs the WAL on every commit: a committed change survives kill -9 and power loss.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        sqlite.enforceForeignKeys(true);

        SQLiteDataSource sqliteDataSource = new SQLiteDataSource(sqlite);
        sqliteDataSource.setUrl("jdbc:sqlite:" + file);

        HikariConfig config = new HikariConfig();
        config.setPoolName("ewstoken-sqlite");
        config.setDataSource(sqliteDataSource);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        return config;
    }

    /**
     * The directory (0700) and the database file (0600) made before SQLite opens it, whatever the umask:
     * SQLite gives the -wal and -shm files the database's mode, so all three stay private.
     */
    private static void createParentDirectories(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) PrivateFiles.directory(parent);
        } catch (IOException e) {
            throw new StoreException("create directory " + parent + " failed", e);
        }
        try {
            PrivateFiles.file(file);
        } catch (IOException e) {
            throw new StoreException("create database file " + file + " failed", e);
        }
    }
}
