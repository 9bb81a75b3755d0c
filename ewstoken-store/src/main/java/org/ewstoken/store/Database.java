package org.ewstoken.store;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.sqlite.SQLiteJDBCLoader;

/**
 * One opened database (the embedded SQLite file or a shared PostgreSQL) and its connection pool,
 * for what needs more than the {@link Store}: applying migrations on request, and moving a whole
 * installation between databases. Opening does not migrate.
 */
public final class Database implements AutoCloseable {

    /** A running change listener; closing it stops it. */
    public interface Listening extends AutoCloseable {
        @Override
        void close();
    }

    /** Which database engine; export files and messages name it. */
    public enum Kind { SQLITE, POSTGRESQL }

    private final Kind kind;
    private final String description;
    private final HikariDataSource pool;
    private final PostgresConfig postgres; // null for SQLite

    private Database(Kind kind, String description, HikariDataSource pool, PostgresConfig postgres) {
        this.kind = kind;
        this.description = description;
        this.pool = pool;
        this.postgres = postgres;
    }

    /**
     * Loads SQLite's native library (the launcher's kept copy, else extracted from the jar) now, e.g. on a
     * background thread while a server reads its configuration; opening a SQLite database would otherwise do it.
     */
    public static void preloadSqlite() throws Exception {
        SqliteLibrary.useKeptCopy();
        SQLiteJDBCLoader.initialize();
        SqliteStore.preload();
    }

    /** The SQLite file, created with its parent directories if missing. */
    public static Database sqlite(Path file) {
        return new Database(Kind.SQLITE, "SQLite database " + file.toAbsolutePath(), SqliteStore.openPool(file),
                null);
    }

    /** A PostgreSQL database; fails at once if it cannot be reached. */
    public static Database postgres(PostgresConfig config) {
        return new Database(Kind.POSTGRESQL, "PostgreSQL database " + config.safeUrl(),
                PostgresStore.openPool(config), config);
    }

    public Kind kind() {
        return kind;
    }

    /** E.g. "PostgreSQL database jdbc:postgresql://db:5432/ewstoken": no credentials. */
    public String description() {
        return description;
    }

    public DataSource dataSource() {
        return pool;
    }

    public Migrations.Result migrate() {
        return kind == Kind.SQLITE ? Migrations.applyEmbedded(pool) : Migrations.apply(pool);
    }

    public int pendingMigrations() {
        return Migrations.pending(pool);
    }

    public String schemaVersion() {
        return Migrations.schemaVersion(pool);
    }

    /** A store over this database; closing the store leaves the database open. */
    public Store store() {
        return new JdbcStore(pool);
    }

    /**
     * A store with its timings reported to {@code observer}; closing it leaves the database open. On
     * PostgreSQL its writes are announced to {@link #listenForChanges listeners}.
     */
    public Store store(StoreObserver observer) {
        return store(observer, Clock.systemUTC());
    }

    /** Like {@link #store(StoreObserver)}, stamping rows (e.g. an add-in's update time) with {@code clock}'s time. */
    public Store store(StoreObserver observer, Clock clock) {
        return new JdbcStore(pool, null, Objects.requireNonNull(observer, "observer"),
                postgres == null ? ChangeAnnouncer.NONE : PostgresChanges.ANNOUNCER, clock);
    }

    /**
     * Runs {@code onChange} (on a thread of its own) whenever another process, or this one, commits a
     * store write: on PostgreSQL through LISTEN/NOTIFY; on SQLite never (one server per file; changes
     * by the CLI are found when caches expire). Close the result to stop listening.
     */
    public Listening listenForChanges(Runnable onChange) {
        if (postgres == null) return () -> { };
        return PostgresChanges.listen(postgres, onChange);
    }

    /** The audit log table of this database. */
    public AuditLog auditLog() {
        return new AuditLog(pool);
    }

    /** The administration tables of this database: admin role, API keys, admin events. */
    public AdminStore adminStore() {
        return new AdminStore(pool);
    }

    /** The log of callback tokens presented at the EWS front. */
    public CallbackUseLog callbackUseLog() {
        return new CallbackUseLog(pool);
    }

    /** Add-in back ends as OAuth clients: secret hashes and back-end audiences. */
    public AddInClients addInClients() {
        return new AddInClients(pool);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
