package org.ewstoken.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.ewstoken.server.auth.PasswordHasher;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.store.SqliteStore;
import org.ewstoken.store.Store;
import org.ewstoken.tokens.MasterKey;

/**
 * One installation's persistent parts: the store and the master key that seals the signing keys.
 * Shared by the server and by the CLI's administrative commands.
 */
public final class Installation implements AutoCloseable {

    public static final String DATABASE_FILE = "ewstoken.db";
    public static final String MASTER_KEY_FILE = "master.key";

    private final ServerConfig config;
    private final Store store;
    private final MasterKey masterKey;
    private final PasswordHasher passwordHasher;

    private Installation(ServerConfig config, Store store, MasterKey masterKey) {
        this.config = config;
        this.store = store;
        this.masterKey = masterKey;
        this.passwordHasher = new PasswordHasher(config.argon2MemoryKib(), config.argon2Iterations());
    }

    /** Opens (creating on first use) the data directory, its database and the master key. */
    public static Installation open(ServerConfig config) {
        Path dir = config.dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        MasterKey key = masterKey(config);
        return new Installation(config, SqliteStore.open(dir.resolve(DATABASE_FILE)), key);
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
        Duration longest = config.identityTokenLifetime().compareTo(config.callbackTokenLifetime()) >= 0
                ? config.identityTokenLifetime() : config.callbackTokenLifetime();
        return KeyRing.open(store, masterKey, clock, longest, subjectCommonName);
    }

    public ServerConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    public PasswordHasher passwordHasher() {
        return passwordHasher;
    }

    @Override
    public void close() {
        store.close();
    }
}
