package org.ewstoken.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * {@link Store} over plain JDBC, in SQL that SQLite and PostgreSQL both accept. Works with any
 * {@link DataSource} whose schema {@link Migrations} has brought up to date.
 *
 * <p>Thread-safe: every call borrows its own connection and returns it before finishing. Inserts
 * use {@code ON CONFLICT DO NOTHING} and read the update count, so duplicates are detected without
 * parsing vendor error codes. Multi-statement writes run in a transaction whose first statement
 * writes: SQLite then takes its write lock up front (waiting out {@code busy_timeout}) instead of
 * failing to upgrade a read snapshot with SQLITE_BUSY.
 */
public final class JdbcStore implements Store {

    private static final String USER_COLUMNS =
            "smtp_address, display_name, exchange_uid, password_hash, created_at";
    private static final String ADD_IN_COLUMNS = "id, display_name, permission, audience_url, "
            + "allowed_scopes, enabled, install_scope, owner_smtp, created_at";
    private static final String KEY_COLUMNS =
            "key_id, certificate, sealed_private_key, created_at, activates_at, retired_at";

    /** Set by {@link #update} so that {@link #run} knows the work it ran wrote something. */
    private static final ThreadLocal<boolean[]> WROTE = ThreadLocal.withInitial(() -> new boolean[1]);

    private final DataSource ds;
    private final AutoCloseable owned;
    private final AtomicLong changes = new AtomicLong();

    /** A store over {@code ds}; {@link #close()} leaves {@code ds} open (the caller owns it). */
    public JdbcStore(DataSource ds) {
        this(ds, null);
    }

    /** A store that closes {@code owned} (typically the pool behind {@code ds}) on {@link #close()}. */
    JdbcStore(DataSource ds, AutoCloseable owned) {
        this.ds = Objects.requireNonNull(ds, "ds");
        this.owned = owned;
    }

    @Override
    public long changeCount() {
        return changes.get();
    }

    // ---------------------------------------------------------------- users

    @Override
    public void addUser(User user) throws DuplicateException {
        Objects.requireNonNull(user, "user");
        int inserted = run("add user", c -> update(c,
                "INSERT INTO users (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                user.smtpAddress(), user.displayName(), user.exchangeUid().toString(), user.passwordHash(),
                user.createdAt().toEpochMilli()));
        if (inserted == 0) {
            throw new DuplicateException("a user with this SMTP address or Exchange UID already exists");
        }
    }

    @Override
    public Optional<User> findUser(String smtpAddress) {
        String key = lower(smtpAddress, "smtpAddress");
        return run("find user", c -> queryOne(c,
                "SELECT " + USER_COLUMNS + " FROM users WHERE smtp_address = ?", JdbcStore::user, key));
    }

    @Override
    public List<User> listUsers() {
        List<User> users = run("list users", c -> query(c, "SELECT " + USER_COLUMNS + " FROM users",
                JdbcStore::user));
        // Sorted here rather than by ORDER BY: database collations differ, Java's order does not.
        users.sort(Comparator.comparing(User::smtpAddress));
        return List.copyOf(users);
    }

    @Override
    public boolean removeUser(String smtpAddress) {
        String key = lower(smtpAddress, "smtpAddress");
        return transaction("remove user", c -> {
            // Add-ins first: the foreign key forbids removing a user who still owns some.
            update(c, "DELETE FROM add_ins WHERE owner_smtp = ?", key);
            return update(c, "DELETE FROM users WHERE smtp_address = ?", key) > 0;
        });
    }

    @Override
    public boolean updatePasswordHash(String smtpAddress, String newHash) {
        String key = lower(smtpAddress, "smtpAddress");
        Values.requireText(newHash, "newHash");
        return run("update password hash", c -> update(c,
                "UPDATE users SET password_hash = ? WHERE smtp_address = ?", newHash, key)) > 0;
    }

    // ---------------------------------------------------------------- add-ins

    @Override
    public void addAddIn(AddIn a) throws DuplicateException {
        Objects.requireNonNull(a, "addIn");
        String permission = a.permission().wireName();
        String scopes = String.join(" ", a.allowedScopes());
        int enabled = a.enabled() ? 1 : 0;
        String installScope = a.scope().name();
        long createdAt = a.createdAt().toEpochMilli();
        int inserted = run("add add-in", c -> a.ownerSmtp() == null
                ? update(c, "INSERT INTO add_ins (" + ADD_IN_COLUMNS + ")"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING",
                        a.id(), a.displayName(), permission, a.audienceUrl(), scopes, enabled, installScope,
                        createdAt)
                // Selecting the owner from users turns "unknown owner" into an empty insert, not an error.
                : update(c, "INSERT INTO add_ins (" + ADD_IN_COLUMNS + ")"
                                + " SELECT ?, ?, ?, ?, ?, ?, ?, smtp_address, ? FROM users WHERE smtp_address = ?"
                                + " ON CONFLICT DO NOTHING",
                        a.id(), a.displayName(), permission, a.audienceUrl(), scopes, enabled, installScope,
                        createdAt, a.ownerSmtp()));
        if (inserted == 0) {
            // Only to choose the error: a concurrent change in between can at worst pick the other one.
            if (findAddIn(a.id()).isPresent()) {
                throw new DuplicateException("an add-in with this id already exists");
            }
            throw new IllegalArgumentException("the add-in's owner is not a known user");
        }
    }

    @Override
    public Optional<AddIn> findAddIn(String id) {
        String key = lower(id, "id");
        return run("find add-in", c -> queryOne(c,
                "SELECT " + ADD_IN_COLUMNS + " FROM add_ins WHERE id = ?", JdbcStore::addIn, key));
    }

    @Override
    public List<AddIn> listAddIns() {
        return List.copyOf(run("list add-ins", c -> query(c,
                "SELECT " + ADD_IN_COLUMNS + " FROM add_ins ORDER BY created_at, id", JdbcStore::addIn)));
    }

    @Override
    public boolean removeAddIn(String id) {
        String key = lower(id, "id");
        return run("remove add-in", c -> update(c, "DELETE FROM add_ins WHERE id = ?", key)) > 0;
    }

    @Override
    public boolean setAddInEnabled(String id, boolean enabled) {
        String key = lower(id, "id");
        return run("set add-in enabled", c -> update(c,
                "UPDATE add_ins SET enabled = ? WHERE id = ?", enabled ? 1 : 0, key)) > 0;
    }

    // ---------------------------------------------------------------- signing keys

    @Override
    public void addKey(StoredKey key) throws DuplicateException {
        Objects.requireNonNull(key, "key");
        if (run("add signing key", c -> insertKey(c, key)) == 0) {
            throw new DuplicateException("a signing key with this key id already exists");
        }
    }

    @Override
    public List<StoredKey> listKeys() {
        return List.copyOf(run("list signing keys", c -> query(c,
                "SELECT " + KEY_COLUMNS + " FROM signing_keys ORDER BY created_at, key_id", JdbcStore::key)));
    }

    @Override
    public boolean retireKey(String keyId, Instant retiredAt) {
        Values.requireText(keyId, "keyId");
        long at = Objects.requireNonNull(retiredAt, "retiredAt").toEpochMilli();
        return run("retire signing key", c -> update(c,
                "UPDATE signing_keys SET retired_at = ? WHERE key_id = ? AND retired_at IS NULL", at, keyId)) > 0;
    }

    @Override
    public boolean deleteKey(String keyId) {
        Values.requireText(keyId, "keyId");
        return run("delete signing key", c -> update(c, "DELETE FROM signing_keys WHERE key_id = ?", keyId)) > 0;
    }

    @Override
    public void rotateKey(StoredKey newKey) {
        Objects.requireNonNull(newKey, "newKey");
        if (newKey.retiredAt() != null) {
            throw new IllegalArgumentException("the new key must not be retired");
        }
        transaction("rotate signing key", c -> {
            // The UPDATE comes first so the transaction holds the write lock before it reads anything.
            update(c, "UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL",
                    newKey.activatesAt().toEpochMilli());
            if (insertKey(c, newKey) == 0) {
                throw new IllegalArgumentException("a signing key with this key id already exists");
            }
            return null;
        });
    }

    private static int insertKey(Connection c, StoredKey k) throws SQLException {
        return update(c, "INSERT INTO signing_keys (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                k.keyId(), k.certificateBase64(), k.sealedPrivateKeyBase64(), k.createdAt().toEpochMilli(),
                k.activatesAt().toEpochMilli(), k.retiredAt() == null ? null : k.retiredAt().toEpochMilli());
    }

    // ---------------------------------------------------------------- settings

    @Override
    public Optional<String> setting(String name) {
        Values.requireText(name, "name");
        return run("read setting", c -> readSetting(c, name));
    }

    @Override
    public String settingIfAbsent(String name, String value) {
        Values.requireText(name, "name");
        Objects.requireNonNull(value, "value");
        // Insert-if-absent then read back: whoever inserted first wins and everyone reads the winner.
        return run("write setting", c -> {
            update(c, "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING", name, value);
            return readSetting(c, name).orElseThrow(() -> new StoreException("setting vanished after insert"));
        });
    }

    private static Optional<String> readSetting(Connection c, String name) throws SQLException {
        return queryOne(c, "SELECT value FROM settings WHERE name = ?", rs -> rs.getString(1), name);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public boolean isHealthy() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException | RuntimeException e) {
            return false;
        }
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

    // ---------------------------------------------------------------- row mapping

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), rs.getString(2), UUID.fromString(rs.getString(3)), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)));
    }

    private static AddIn addIn(ResultSet rs) throws SQLException {
        Permission permission = Permission.fromWire(rs.getString(3))
                .orElseThrow(() -> new StoreException("an add-in row holds an unknown permission"));
        String scopeName = rs.getString(7);
        InstallScope scope = Arrays.stream(InstallScope.values())
                .filter(s -> s.name().equals(scopeName))
                .findFirst()
                .orElseThrow(() -> new StoreException("an add-in row holds an unknown install scope"));
        String scopes = rs.getString(5);
        Set<String> allowed = scopes.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
        return new AddIn(rs.getString(1), rs.getString(2), permission, rs.getString(4), allowed,
                rs.getInt(6) != 0, scope, rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)));
    }

    private static StoredKey key(ResultSet rs) throws SQLException {
        long retired = rs.getLong(6);
        Instant retiredAt = rs.wasNull() ? null : Instant.ofEpochMilli(retired);
        return new StoredKey(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5)), retiredAt);
    }

    // ---------------------------------------------------------------- JDBC plumbing

    /** Work done with a borrowed connection. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode; names {@code operation} on failure. */
    private <T> T run(String operation, SqlWork<T> work) {
        boolean[] wrote = WROTE.get();
        wrote[0] = false;
        try (Connection c = ds.getConnection()) {
            try {
                return work.apply(c);
            } finally {
                // Counted after the commit, so a cache that read before it is seen as stale.
                if (wrote[0]) {
                    wrote[0] = false;
                    changes.incrementAndGet();
                }
            }
        } catch (SQLException e) {
            throw StoreException.failed(operation, e);
        }
    }

    /** Like {@link #run}, but all of {@code work} commits or none of it does. */
    private <T> T transaction(String operation, SqlWork<T> work) {
        return run(operation, c -> {
            // Serializable: on PostgreSQL a concurrent conflicting transaction then fails instead of
            // interleaving (e.g. two rotations leaving two signing keys). SQLite is serializable anyway.
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setAutoCommit(false);
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
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        } finally {
            WROTE.get()[0] = true;
        }
    }

    private static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }

    private static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        List<T> rows = query(c, sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Binds only String, Integer and Long (and null as BIGINT, the one nullable column type we bind). */
    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p == null) {
                    ps.setNull(i + 1, Types.BIGINT);
                } else if (p instanceof String s) {
                    ps.setString(i + 1, s);
                } else if (p instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (p instanceof Long n) {
                    ps.setLong(i + 1, n);
                } else {
                    throw new IllegalArgumentException("unsupported parameter type " + p.getClass().getName());
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static String lower(String value, String name) {
        return Objects.requireNonNull(value, name).toLowerCase(Locale.ROOT);
    }
}
