package org.ewstoken.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * {@link Store} over plain JDBC, in SQL that SQLite and PostgreSQL both accept, one class per area
 * ({@link JdbcUsers}, {@link JdbcAddIns}, {@link JdbcKeys}, {@link JdbcSettings}) over one
 * {@link Jdbc} helper. Works with any {@link DataSource} whose schema {@link Migrations} has brought
 * up to date.
 *
 * <p>Thread-safe: every call borrows its own connection and returns it before finishing. Inserts
 * use {@code ON CONFLICT DO NOTHING} and read the update count, so duplicates are detected without
 * parsing vendor error codes.
 */
public final class JdbcStore implements Store, UserStore.Delegating, AddInStore.Delegating,
        SigningKeyStore.Delegating, SettingStore.Delegating {

    private final Jdbc jdbc;
    private final AutoCloseable owned;
    private final JdbcUsers users;
    private final JdbcAddIns addIns;
    private final JdbcKeys keys;
    private final JdbcSettings settings;

    /** A store over {@code ds}; {@link #close()} leaves {@code ds} open (the caller owns it). */
    public JdbcStore(DataSource ds) {
        this(ds, null);
    }

    /** A store that closes {@code owned} (typically the pool behind {@code ds}) on {@link #close()}. */
    JdbcStore(DataSource ds, AutoCloseable owned) {
        this(ds, owned, StoreObserver.NONE, ChangeAnnouncer.NONE, Clock.systemUTC());
    }

    /**
     * A store that owns {@code pool}, once {@code migrate} has brought its schema up to date; if that fails the
     * pool is closed, so a failed open leaves no connections behind.
     */
    static Store owning(HikariDataSource pool, Consumer<DataSource> migrate) {
        try {
            migrate.accept(pool);
            return new JdbcStore(pool, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * ... telling {@code observer} how long each call took, other processes after every committed write
     * (through {@code announcer}), and stamping rows with {@code clock}'s time.
     */
    JdbcStore(DataSource ds, AutoCloseable owned, StoreObserver observer, ChangeAnnouncer announcer, Clock clock) {
        this.jdbc = new Jdbc(ds, observer, announcer);
        this.owned = owned;
        this.users = new JdbcUsers(jdbc);
        this.addIns = new JdbcAddIns(jdbc, users, Objects.requireNonNull(clock, "clock"));
        this.keys = new JdbcKeys(jdbc);
        this.settings = new JdbcSettings(jdbc);
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public AddInStore addIns() {
        return addIns;
    }

    @Override
    public SigningKeyStore keys() {
        return keys;
    }

    @Override
    public SettingStore settings() {
        return settings;
    }

    /** The signing keys as seen on {@code c}: an import checks them inside its transaction. */
    public static List<StoredKey> keys(Connection c) throws SQLException {
        return JdbcKeys.keys(c);
    }

    @Override
    public long changeCount() {
        return jdbc.changeCount();
    }

    @Override
    public boolean isHealthy() {
        return jdbc.isHealthy();
    }

    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (Exception e) {
            throw new StoreException("close store failed", e);
        }
    }
}
