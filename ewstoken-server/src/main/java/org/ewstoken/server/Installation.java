package org.ewstoken.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import org.ewstoken.server.auth.PasswordHasher;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.metrics.StoreLatency;
import org.ewstoken.store.AdminStore;
import org.ewstoken.store.AuditLog;
import org.ewstoken.store.Database;
import org.ewstoken.store.Store;
import org.ewstoken.tokens.MasterKey;

/**
 * One installation's persistent parts: the database (the embedded SQLite file in the data
 * directory, or a PostgreSQL that several nodes share), the store over it and the master key that
 * seals the signing keys. Shared by the server and by the CLI's administrative commands.
 */
public final class Installation implements AutoCloseable {

    public static final String DATABASE_FILE = "ewstoken.db";
    public static final String MASTER_KEY_FILE = "master.key";

    private final ServerConfig config;
    private final Database database;
    private final StoreLatency storeLatency;
    private final Store store;
    private final MasterKey masterKey;
    private final PasswordHasher passwordHasher;

    private Installation(ServerConfig config, Database database, StoreLatency storeLatency, MasterKey masterKey) {
        this.config = config;
        this.database = database;
        this.storeLatency = storeLatency;
        this.store = database.store(storeLatency);
        this.masterKey = masterKey;
        this.passwordHasher = new PasswordHasher(config.argon2MemoryKib(), config.argon2Iterations());
    }

    /**
     * Opens (creating on first use) the data directory, the database and the master key, and brings
     * the database schema up to date (or, with migrate-on-start=false, refuses an outdated one).
     */
    public static Installation open(ServerConfig config) {
        createDataDirectory(config);
        MasterKey key = masterKey(config);
        Database db = openDatabase(config);
        try {
            if (config.store().migrateOnStart()) {
                db.migrate();
            } else if (db.pendingMigrations() > 0) {
                throw new ConfigException(db.description() + " has a schema older than this release: run "
                        + "'ewstoken migrate' (or set migrate-on-start=true)");
            }
            return new Installation(config, db, new StoreLatency(), key);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * The configured database, not migrated: PostgreSQL if store-url is set, else the SQLite file in
     * the data directory (created on first use).
     */
    public static Database openDatabase(ServerConfig config) {
        var postgres = config.store().postgres();
        if (postgres.isPresent()) {
            return Database.postgres(postgres.get());
        }
        createDataDirectory(config);
        return Database.sqlite(config.dataDir().resolve(DATABASE_FILE));
    }

    private static void createDataDirectory(ServerConfig config) {
        Path dir = config.dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }

    private static MasterKey masterKey(ServerConfig config) {
        if (config.masterKey().isPresent()) {
            try {
                return MasterKey.fromBase64(config.masterKey().get().trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("master-key is not a base64-encoded 256-bit key");
            }
        }
        Path file = config.masterKeyFile().orElse(config.dataDir().resolve(MASTER_KEY_FILE));
        try {
            return MasterKey.loadOrCreate(file);
        } catch (IOException e) {
            throw new ConfigException("cannot use master key file " + file + ": " + e.getMessage());
        }
    }

    /** The key ring; creates the first signing key when the store has none. */
    public KeyRing openKeyRing(Clock clock, String subjectCommonName) {
        return openKeyRing(clock, subjectCommonName, null);
    }

    /** The key ring, new keys made by {@code keyGenerator} (null: the JDK's provider). */
    public KeyRing openKeyRing(Clock clock, String subjectCommonName, Provider keyGenerator) {
        Duration longest = config.identityTokenLifetime().compareTo(config.callbackTokenLifetime()) >= 0
                ? config.identityTokenLifetime() : config.callbackTokenLifetime();
        return KeyRing.open(store, masterKey, clock, new KeyRing.Policy(longest, config.cluster().keyPrePublication(),
                config.cluster().keyRotationInterval()), subjectCommonName, keyGenerator);
    }

    public ServerConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    public Database database() {
        return database;
    }

    public AuditLog auditLog() {
        return database.auditLog();
    }

    /** The administration tables: admin role, API keys, admin events. */
    public AdminStore adminStore() {
        return database.adminStore();
    }

    /** The store's call latencies; the server publishes them with its metrics. */
    public StoreLatency storeLatency() {
        return storeLatency;
    }

    public MasterKey masterKey() {
        return masterKey;
    }

    public PasswordHasher passwordHasher() {
        return passwordHasher;
    }

    @Override
    public void close() {
        store.close();
        database.close();
    }
}
