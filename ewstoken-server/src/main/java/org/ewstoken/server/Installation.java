package org.ewstoken.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ewstoken.store.PrivateFiles;
import org.slf4j.LoggerFactory;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.ewstoken.server.auth.PasswordHasher;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.FileProblems;
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
 * seals the signing keys. Shared by the server and by the CLI's administrative commands. Made by
 * {@link #open}; closing it closes the store and the database.
 *
 * @param storeLatency   the store's call latencies; the server publishes them with its metrics
 * @param passwordHasher Argon2id with the configured cost, for every password and client secret
 * @param clock          the time the store stamps rows with (an add-in's update time), the server's clock
 */
public record Installation(ServerConfig config, Database database, StoreLatency storeLatency, Store store,
                           MasterKey masterKey, PasswordHasher passwordHasher, Clock clock) implements AutoCloseable {

    public static final String DATABASE_FILE = "ewstoken.db";
    public static final String MASTER_KEY_FILE = "master.key";

    /** {@link #open(ServerConfig, Clock)} on the machine's clock, as the CLI's commands run. */
    public static Installation open(ServerConfig config) {
        return open(config, Clock.systemUTC());
    }

    /**
     * Opens (creating on first use) the data directory, the database and the master key, and brings
     * the database schema up to date (or, with migrate-on-start=false, refuses an outdated one). The
     * store stamps what it writes with {@code clock}'s time: the server's, so tests that move it see it.
     */
    public static Installation open(ServerConfig config, Clock clock) {
        createDataDirectory(config);
        Optional<MasterKey> existing = configuredMasterKey(config);
        Database db = openDatabase(config);
        Store store = null;
        try {
            if (config.store().migrateOnStart()) {
                db.migrate();
            } else if (db.pendingMigrations() > 0) {
                throw new ConfigException(db.description() + " has a schema older than this release: run "
                        + "'ewstoken migrate' (or set migrate-on-start=true)");
            }
            StoreLatency latency = new StoreLatency();
            store = db.store(latency, clock);
            MasterKey key = existing.isPresent() ? existing.get() : newMasterKey(config, db, store);
            return new Installation(config, db, latency, store, key,
                    new PasswordHasher(config.argon2MemoryKib(), config.argon2Iterations()), clock);
        } catch (RuntimeException e) {
            if (store != null) store.close();
            db.close();
            throw e;
        }
    }

    /**
     * The configured master key if there is one (the setting, or an existing file); never creates
     * one. Commands that must not create a key (store import) start here.
     */
    public static Optional<MasterKey> configuredMasterKey(ServerConfig config) {
        if (config.masterKey().isPresent()) {
            try {
                return Optional.of(MasterKey.fromBase64(config.masterKey().get().trim()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("master-key is not a base64-encoded 256-bit key");
            }
        }
        Path file = masterKeyFile(config);
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(MasterKey.loadOrCreate(file)); // exists: loaded (and its mode checked)
        } catch (IOException e) {
            throw new ConfigException("cannot use the master key file " + file + ": " + FileProblems.describe(e));
        }
    }

    /** Where the master key is configured, for messages: the setting or the file. */
    public static String masterKeySource(ServerConfig config) {
        return config.masterKey().isPresent() ? "the setting master-key (EWSTOKEN_MASTER_KEY)"
                : "the file " + masterKeyFile(config);
    }

    private static Path masterKeyFile(ServerConfig config) {
        return config.masterKeyFile().orElse(config.dataDir().resolve(MASTER_KEY_FILE));
    }

    /**
     * A new master key, but only for a database without sealed keys: a new key could never open
     * them, and the server would start with keys it cannot use (as after a store import into a new
     * data directory without the old master key).
     */
    private static MasterKey newMasterKey(ServerConfig config, Database db, Store store) {
        Path file = masterKeyFile(config);
        int sealed = store.listKeys().size();
        if (sealed > 0) {
            throw new ConfigException(db.description() + " holds " + sealed + " signing key" + (sealed == 1 ? "" : "s")
                    + " sealed by a master key, but there is no master key at " + file + ": restore the master key"
                    + " of the installation those keys come from to that file (mode 0600), or name it with"
                    + " --master-key-file, master-key-file or EWSTOKEN_MASTER_KEY; a new master key could not open them");
        }
        try {
            return MasterKey.loadOrCreate(file);
        } catch (IOException e) {
            throw new ConfigException("cannot create the master key file " + file + ": " + FileProblems.describe(e));
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
        Path db = config.dataDir().resolve(DATABASE_FILE);
        try {
            PrivateFiles.file(db); // 0600 before SQLite opens it: its -wal and -shm files take the same mode
        } catch (IOException e) {
            throw new ConfigException("cannot create the database " + db + ": " + FileProblems.describe(e));
        }
        warnIfOpenToOthers(config.dataDir(), db);
        return Database.sqlite(db);
    }

    /** Password hashes, the audit log and the sealed keys are in there: readable by the owner only. */
    private static void createDataDirectory(ServerConfig config) {
        Path dir = config.dataDir();
        try {
            PrivateFiles.directory(dir);
        } catch (IOException e) {
            throw new ConfigException("cannot create the data directory " + dir + ": " + FileProblems.describe(e));
        }
    }

    private static void warnIfOpenToOthers(Path dir, Path db) {
        List<String> open = PrivateFiles.openToOthers(dir, db, Path.of(db + "-wal"), Path.of(db + "-shm"));
        if (!open.isEmpty()) {
            LoggerFactory.getLogger(Installation.class).warn("other local users may read the data: {}; they hold "
                    + "password hashes, the audit log and sealed keys (chmod 700 {} and chmod 600 {}*)",
                    String.join(", ", open), dir, db);
        }
    }

    /** The key ring; creates the first signing key when the store has none. */
    public KeyRing openKeyRing(Clock clock, String subjectCommonName) {
        return openKeyRing(clock, subjectCommonName, (Provider) null);
    }

    /** The key ring, new keys made by {@code keyGenerator} (null: the JDK's provider). */
    public KeyRing openKeyRing(Clock clock, String subjectCommonName, Provider keyGenerator) {
        return openKeyRing(clock, subjectCommonName, () -> keyGenerator);
    }

    /** The key ring, new keys made by the provider {@code keyGenerator} names when one is made (asked only then). */
    public KeyRing openKeyRing(Clock clock, String subjectCommonName, java.util.function.Supplier<Provider> keyGenerator) {
        Duration longest = config.identityTokenLifetime().compareTo(config.callbackTokenLifetime()) >= 0
                ? config.identityTokenLifetime() : config.callbackTokenLifetime();
        return KeyRing.open(store, masterKey, clock, new KeyRing.Policy(longest, config.cluster().keyPrePublication(),
                config.cluster().keyRotationInterval()), subjectCommonName, keyGenerator);
    }

    public AuditLog auditLog() {
        return database.auditLog();
    }

    /** The administration tables: admin role, API keys, admin events. */
    public AdminStore adminStore() {
        return database.adminStore();
    }

    @Override
    public void close() {
        store.close();
        database.close();
    }
}
