package org.ewstoken.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The one JDBC helper of every store area: borrows a connection per call, binds parameters by name
 * ({@link SqlParams}), reads rows through a {@link RowMapper}, times each call for the
 * {@link StoreObserver}, counts and announces committed writes, and turns every failure into a
 * {@link StoreException} naming the operation (never a parameter value).
 *
 * <p>Multi-statement writes run in a {@link #transaction} whose first statement writes: SQLite then
 * takes its write lock up front (waiting out {@code busy_timeout}) instead of failing to upgrade a
 * read snapshot with SQLITE_BUSY.
 */
final class Jdbc {

    /** Work done with a borrowed connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** How often a transaction aborted for serializability is tried in all. */
    private static final int MAX_TRANSACTION_ATTEMPTS = 10;
    /** Set by {@link #update(Connection, String, SqlParams)} so that {@link #run} knows its work wrote. */
    private static final ThreadLocal<boolean[]> WROTE = ThreadLocal.withInitial(() -> new boolean[1]);

    private final DataSource ds;
    private final StoreObserver observer;
    private final ChangeAnnouncer announcer;
    private final AtomicLong changes = new AtomicLong();

    Jdbc(DataSource ds) {
        this(ds, StoreObserver.NONE, ChangeAnnouncer.NONE);
    }

    Jdbc(DataSource ds, StoreObserver observer, ChangeAnnouncer announcer) {
        this.ds = Objects.requireNonNull(ds, "ds");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
    }

    /** How many calls that wrote have completed (see {@link Store#changeCount()}). */
    long changeCount() {
        return changes.get();
    }

    /** True if the database answers a trivial query. Never throws. */
    boolean isHealthy() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- one statement, one call

    int update(String operation, String sql, SqlParams params) {
        return run(operation, c -> update(c, sql, params));
    }

    <T> List<T> list(String operation, String sql, RowMapper<T> rows, SqlParams params) {
        return run(operation, c -> query(c, sql, rows, params));
    }

    <T> Optional<T> one(String operation, String sql, RowMapper<T> rows, SqlParams params) {
        return run(operation, c -> one(c, sql, rows, params));
    }

    /** Runs {@code sql} once per record in one transaction: all or none. */
    <T> void insertAll(String operation, String sql, List<T> records, Function<T, SqlParams> params) {
        if (records.isEmpty()) return;
        SqlParams.Parsed parsed = SqlParams.parse(sql);
        transaction(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(parsed.sql())) {
                for (T r : records) {
                    params.apply(r).bind(ps, parsed);
                    ps.addBatch();
                }
                ps.executeBatch();
            } finally {
                WROTE.get()[0] = true;
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- on a connection

    static int update(Connection c, String sql, SqlParams params) throws SQLException {
        SqlParams.Parsed parsed = SqlParams.parse(sql);
        try (PreparedStatement ps = c.prepareStatement(parsed.sql())) {
            params.bind(ps, parsed);
            return ps.executeUpdate();
        } finally {
            WROTE.get()[0] = true;
        }
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> rows, SqlParams params) throws SQLException {
        SqlParams.Parsed parsed = SqlParams.parse(sql);
        try (PreparedStatement ps = c.prepareStatement(parsed.sql())) {
            params.bind(ps, parsed);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rows.map(rs));
            }
            return out;
        }
    }

    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> rows, SqlParams params) throws SQLException {
        List<T> found = query(c, sql, rows, params);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    // ---------------------------------------------------------------- calls and transactions

    /** Runs {@code work} on a pooled connection in auto-commit mode; names {@code operation} on failure. */
    <T> T run(String operation, SqlWork<T> work) {
        boolean[] wrote = WROTE.get();
        wrote[0] = false;
        long start = System.nanoTime();
        boolean succeeded = false;
        try (Connection c = ds.getConnection()) {
            try {
                T result = work.apply(c);
                succeeded = true;
                return result;
            } finally {
                // Counted after the commit, so a cache that read before it is seen as stale.
                if (wrote[0]) {
                    wrote[0] = false;
                    changes.incrementAndGet();
                    if (succeeded) announcer.announce(c);
                }
            }
        } catch (SQLException e) {
            throw StoreException.failed(operation, e);
        } finally {
            observer.completed(operation, System.nanoTime() - start, succeeded);
        }
    }

    /**
     * Like {@link #run}, but all of {@code work} commits or none of it does. A transaction that the
     * database aborts to keep transactions serializable (PostgreSQL's SQLState 40001, or 40P01 for a
     * deadlock) is run again from the start, a few times: {@code work} must not have side effects
     * outside the transaction.
     */
    <T> T transaction(String operation, SqlWork<T> work) {
        return run(operation, c -> {
            // Serializable: on PostgreSQL a concurrent conflicting transaction then fails instead of
            // interleaving (e.g. two rotations leaving two signing keys). SQLite is serializable anyway.
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setAutoCommit(false);
            try {
                for (int attempt = 1; ; attempt++) {
                    try {
                        T result = work.apply(c);
                        c.commit();
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        try {
                            c.rollback();
                        } catch (SQLException rollbackFailure) {
                            e.addSuppressed(rollbackFailure);
                        }
                        if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isSerializationFailure(e)) {
                            throw e;
                        }
                        backOff(attempt);
                    }
                }
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private static boolean isSerializationFailure(Exception e) {
        return e instanceof SQLException sql
                && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()));
    }

    /** A short random pause, growing with the attempt, so that retrying transactions stop colliding. */
    private static void backOff(int attempt) throws SQLException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while retrying a transaction", "40001", e);
        }
    }
}
