package org.ewstoken.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
    /** What {@link #addIn} reads, in this order; {@code a.}-prefixed for joins. */
    private static final String ADD_IN_COLUMNS = "a.id, a.display_name, a.permission, a.audience_url, "
            + "a.allowed_scopes, a.enabled, a.install_scope, a.owner_smtp, a.created_at, a.version, "
            + "a.provider_name, a.mandatory, a.enabled_by_default";
    /** What {@link #addInRow} supplies, in this order. */
    private static final String ADD_IN_ROW = "id, install_key, display_name, permission, audience_url, "
            + "allowed_scopes, enabled, install_scope, owner_smtp, created_at, version, provider_name, mandatory, "
            + "enabled_by_default, manifest, updated_at";
    private static final String CHOICE_COLUMNS = "s.enabled, s.disable_reason, s.updated_at";
    /** A NULL bound as text: PostgreSQL refuses a NULL typed BIGINT for a TEXT column. */
    private static final Object NULL_TEXT = new Object();
    private static final String KEY_COLUMNS =
            "key_id, certificate, sealed_private_key, created_at, activates_at, retired_at";
    /** How often a transaction aborted for serializability is tried in all. */
    private static final int MAX_TRANSACTION_ATTEMPTS = 10;

    /** Set by {@link #update} so that {@link #run} knows the work it ran wrote something. */
    private static final ThreadLocal<boolean[]> WROTE = ThreadLocal.withInitial(() -> new boolean[1]);

    private final DataSource ds;
    private final AutoCloseable owned;
    private final StoreObserver observer;
    private final ChangeAnnouncer announcer;
    private final AtomicLong changes = new AtomicLong();

    /** A store over {@code ds}; {@link #close()} leaves {@code ds} open (the caller owns it). */
    public JdbcStore(DataSource ds) {
        this(ds, null);
    }

    /** A store that closes {@code owned} (typically the pool behind {@code ds}) on {@link #close()}. */
    JdbcStore(DataSource ds, AutoCloseable owned) {
        this(ds, owned, StoreObserver.NONE);
    }

    /** Like {@link #JdbcStore(DataSource, AutoCloseable)}, telling {@code observer} how long each call took. */
    JdbcStore(DataSource ds, AutoCloseable owned, StoreObserver observer) {
        this(ds, owned, observer, ChangeAnnouncer.NONE);
    }

    /** ... and telling other processes after every committed write, through {@code announcer}. */
    JdbcStore(DataSource ds, AutoCloseable owned, StoreObserver observer, ChangeAnnouncer announcer) {
        this.ds = Objects.requireNonNull(ds, "ds");
        this.owned = owned;
        this.observer = Objects.requireNonNull(observer, "observer");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
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
                user.smtpAddress(), user.displayName(), user.exchangeUid().toString(), storedHash(user.passwordHash()),
                user.createdAt().toEpochMilli()));
        if (inserted == 0) {
            throw new DuplicateException("a user with this SMTP address or Exchange UID already exists");
        }
    }

    @Override
    public Optional<User> findUser(String smtpAddress) {
        String key = account(smtpAddress, "smtpAddress");
        if (key == null) return Optional.empty();
        return run("find user", c -> queryOne(c,
                "SELECT " + USER_COLUMNS + " FROM users WHERE smtp_address = ?", JdbcStore::user, key));
    }

    @Override
    public Optional<User> findUserByExchangeUid(UUID exchangeUid) {
        String key = Objects.requireNonNull(exchangeUid, "exchangeUid").toString();
        return run("find user by exchange uid", c -> queryOne(c,
                "SELECT " + USER_COLUMNS + " FROM users WHERE exchange_uid = ?", JdbcStore::user, key));
    }

    @Override
    public boolean renameUser(UUID exchangeUid, String newSmtpAddress, String displayName) throws DuplicateException {
        String uid = Objects.requireNonNull(exchangeUid, "exchangeUid").toString();
        String to = Values.smtp(newSmtpAddress, "newSmtpAddress");
        Objects.requireNonNull(displayName, "displayName");
        Optional<User> current = findUserByExchangeUid(exchangeUid);
        if (current.isEmpty()) return false;
        String from = current.get().smtpAddress();
        if (from.equals(to)) {
            return run("rename user", c -> update(c, "UPDATE users SET display_name = ? WHERE exchange_uid = ?",
                    displayName, uid)) > 0;
        }
        int moved = transaction("rename user", c -> {
            // The address is the key others refer to: the renamed row is added first (under a parked
            // uid, as uids are unique), the references move to it, then the old row goes.
            int added = update(c, "INSERT INTO users (" + USER_COLUMNS + ") SELECT ?, ?, ?, password_hash, created_at"
                    + " FROM users WHERE exchange_uid = ? AND smtp_address = ? ON CONFLICT DO NOTHING",
                    to, displayName, uid + "-renaming", uid, from);
            if (added == 0) return 0;
            update(c, "UPDATE add_ins SET owner_smtp = ?, install_key = ? WHERE owner_smtp = ?", to, to, from);
            update(c, "UPDATE add_in_user_states SET smtp_address = ? WHERE smtp_address = ?", to, from);
            update(c, "DELETE FROM users WHERE smtp_address = ?", from);
            update(c, "UPDATE users SET exchange_uid = ? WHERE smtp_address = ?", uid, to);
            return 1;
        });
        if (moved == 0) {
            if (findUser(to).isPresent()) throw new DuplicateException("a user with this SMTP address already exists");
            return false;
        }
        return true;
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
        String key = account(smtpAddress, "smtpAddress");
        if (key == null) return false;
        return transaction("remove user", c -> {
            // Add-ins and choices first: the foreign keys forbid removing a user who still has some.
            update(c, "DELETE FROM add_ins WHERE owner_smtp = ?", key);
            update(c, "DELETE FROM add_in_user_states WHERE smtp_address = ?", key);
            return update(c, "DELETE FROM users WHERE smtp_address = ?", key) > 0;
        });
    }

    @Override
    public boolean updatePasswordHash(String smtpAddress, String newHash) {
        String key = account(smtpAddress, "smtpAddress");
        Values.requireText(newHash, "newHash");
        if (key == null) return false;
        return run("update password hash", c -> update(c,
                "UPDATE users SET password_hash = ? WHERE smtp_address = ?", newHash, key)) > 0;
    }

    // ---------------------------------------------------------------- add-ins

    @Override
    public void addAddIn(AddIn a, byte[] manifest) throws DuplicateException {
        Objects.requireNonNull(a, "addIn");
        Object[] row = addInRow(a, manifest);
        String insert = "INSERT INTO add_ins (" + ADD_IN_ROW + ") ";
        int inserted = transaction("add add-in", c -> {
            if (a.scope() == InstallScope.ORGANIZATION) {
                int n = update(c, insert + "VALUES (" + placeholders(row.length) + ") ON CONFLICT DO NOTHING", row);
                if (n > 0) {
                    // The organisation's installation supersedes the copies single mailboxes had.
                    update(c, "DELETE FROM add_ins WHERE id = ? AND install_scope = 'USER'", a.id());
                }
                return n;
            }
            // Selecting the owner from users turns "unknown owner" into an empty insert, not an error;
            // NOT EXISTS refuses a personal copy of an organisation add-in.
            Object[] params = Arrays.copyOf(row, row.length + 2);
            params[row.length] = a.ownerSmtp();
            params[row.length + 1] = a.id();
            return update(c, insert + "SELECT " + placeholders(row.length) + " FROM users WHERE smtp_address = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM add_ins WHERE id = ? AND install_scope = 'ORGANIZATION')"
                    + " ON CONFLICT DO NOTHING", params);
        });
        if (inserted == 0) {
            // Only to choose the error: a concurrent change in between can at worst pick the other one.
            if (a.ownerSmtp() != null && findUser(a.ownerSmtp()).isEmpty()) {
                throw new IllegalArgumentException("the add-in's owner is not a known user");
            }
            throw new DuplicateException(a.ownerSmtp() == null || findAddIn(a.id()).map(x -> x.ownerSmtp() != null)
                    .orElse(true) ? "this add-in is installed for this owner already"
                    : "this add-in is installed for the organisation");
        }
    }

    @Override
    public boolean replaceAddIn(AddIn a, byte[] manifest, String expectedVersion) {
        Objects.requireNonNull(a, "addIn");
        Object[] r = addInRow(a, manifest);
        // Indexes into ADD_IN_ROW: the key (0, 1), install scope and owner (7, 8) and created_at (9) stay.
        List<Object> params = new ArrayList<>(List.of(r[2], r[3], r[4], r[5], r[6], r[10], r[11], r[12], r[13],
                r[14], r[15], r[0], r[1]));
        if (expectedVersion != null) {
            params.add(expectedVersion);
        }
        String versionIs = expectedVersion == null ? "version IS NULL" : "version = ?";
        return run("replace add-in", c -> update(c, "UPDATE add_ins SET display_name = ?, permission = ?,"
                + " audience_url = ?, allowed_scopes = ?, enabled = ?, version = ?, provider_name = ?, mandatory = ?,"
                + " enabled_by_default = ?, manifest = ?, updated_at = ? WHERE id = ? AND install_key = ? AND "
                + versionIs, params.toArray())) > 0;
    }

    @Override
    public Optional<AddIn> findAddIn(String id) {
        String key = lower(id, "id");
        return run("find add-in", c -> queryOne(c, "SELECT " + ADD_IN_COLUMNS + " FROM add_ins a WHERE a.id = ?"
                + " ORDER BY a.install_scope, a.created_at, a.install_key", JdbcStore::addIn, key));
    }

    @Override
    public Optional<MailboxAddIn> findAddInFor(String id, String smtpAddress) {
        String key = lower(id, "id");
        String smtp = account(smtpAddress, "smtpAddress");
        if (smtp == null) return Optional.empty();
        // ORGANIZATION sorts before USER: should both exist (a race of two installs), the organisation's wins.
        return run("find add-in for mailbox", c -> queryOne(c, "SELECT " + ADD_IN_COLUMNS + ", " + CHOICE_COLUMNS
                + " FROM add_ins a LEFT JOIN add_in_user_states s ON s.add_in_id = a.id AND s.smtp_address = ?"
                + " WHERE a.id = ? AND a.install_key IN ('', ?) ORDER BY a.install_scope",
                JdbcStore::mailboxAddIn, smtp, key, smtp));
    }

    @Override
    public List<MailboxAddIn> listAddInsFor(String smtpAddress) {
        String smtp = account(smtpAddress, "smtpAddress");
        if (smtp == null) return List.of();
        List<MailboxAddIn> rows = run("list add-ins for mailbox", c -> query(c, "SELECT " + ADD_IN_COLUMNS + ", "
                + CHOICE_COLUMNS + " FROM add_ins a"
                + " LEFT JOIN add_in_user_states s ON s.add_in_id = a.id AND s.smtp_address = ?"
                + " WHERE a.install_key IN ('', ?) ORDER BY a.created_at, a.id, a.install_scope",
                JdbcStore::mailboxAddIn, smtp, smtp));
        Map<String, MailboxAddIn> byId = new LinkedHashMap<>();
        for (MailboxAddIn row : rows) {
            byId.merge(row.addIn().id(), row, (first, second) ->
                    second.addIn().scope() == InstallScope.ORGANIZATION ? second : first);
        }
        return List.copyOf(byId.values());
    }

    @Override
    public Optional<byte[]> findManifest(String id, String ownerSmtp) {
        String key = lower(id, "id");
        String installKey = ownerSmtp == null ? "" : account(ownerSmtp, "ownerSmtp");
        if (installKey == null) return Optional.empty();
        return run("find add-in manifest", c -> queryOne(c,
                "SELECT manifest FROM add_ins WHERE id = ? AND install_key = ? AND manifest IS NOT NULL",
                rs -> Base64.getDecoder().decode(rs.getString(1)), key, installKey));
    }

    @Override
    public List<AddIn> listAddIns() {
        return List.copyOf(run("list add-ins", c -> query(c, "SELECT " + ADD_IN_COLUMNS
                + " FROM add_ins a ORDER BY a.created_at, a.id, a.install_key", JdbcStore::addIn)));
    }

    @Override
    public boolean removeAddIn(String id) {
        String key = lower(id, "id");
        return transaction("remove add-in", c -> {
            int removed = update(c, "DELETE FROM add_ins WHERE id = ?", key);
            update(c, "DELETE FROM add_in_user_states WHERE add_in_id = ?", key);
            return removed > 0;
        });
    }

    @Override
    public boolean removeAddIn(String id, String ownerSmtp) {
        String key = lower(id, "id");
        String owner = ownerSmtp == null ? null : account(ownerSmtp, "ownerSmtp");
        if (ownerSmtp != null && owner == null) return false;
        return transaction("remove add-in installation", c -> {
            int removed = update(c, "DELETE FROM add_ins WHERE id = ? AND install_key = ?", key,
                    owner == null ? "" : owner);
            if (owner == null) {
                update(c, "DELETE FROM add_in_user_states WHERE add_in_id = ?", key);
            } else {
                update(c, "DELETE FROM add_in_user_states WHERE add_in_id = ? AND smtp_address = ?", key, owner);
            }
            return removed > 0;
        });
    }

    @Override
    public boolean setAddInEnabled(String id, boolean enabled) {
        String key = lower(id, "id");
        return run("set add-in enabled", c -> update(c,
                "UPDATE add_ins SET enabled = ? WHERE id = ?", enabled ? 1 : 0, key)) > 0;
    }

    @Override
    public boolean setUserChoice(String id, String smtpAddress, UserChoice choice) {
        String key = lower(id, "id");
        String smtp = account(smtpAddress, "smtpAddress");
        Objects.requireNonNull(choice, "choice");
        if (smtp == null) return false;
        // LIMIT 1: should the organisation and the user both have an installation, one row is enough.
        return run("set add-in choice", c -> update(c, "INSERT INTO add_in_user_states"
                        + " (add_in_id, smtp_address, enabled, disable_reason, updated_at)"
                        + " SELECT a.id, u.smtp_address, ?, ?, ? FROM add_ins a JOIN users u ON u.smtp_address = ?"
                        + " WHERE a.id = ? AND a.install_key IN ('', ?) LIMIT 1"
                        + " ON CONFLICT (add_in_id, smtp_address) DO UPDATE SET enabled = excluded.enabled,"
                        + " disable_reason = excluded.disable_reason, updated_at = excluded.updated_at",
                choice.enabled() ? 1 : 0, text(choice.disableReason()), choice.at().toEpochMilli(), smtp, key,
                smtp)) > 0;
    }

    @Override
    public boolean clearUserChoice(String id, String smtpAddress) {
        String key = lower(id, "id");
        String smtp = account(smtpAddress, "smtpAddress");
        if (smtp == null) return false;
        return run("clear add-in choice", c -> update(c,
                "DELETE FROM add_in_user_states WHERE add_in_id = ? AND smtp_address = ?", key, smtp)) > 0;
    }

    /** The values of {@link #ADD_IN_ROW} for an installation. */
    private static Object[] addInRow(AddIn a, byte[] manifest) {
        return new Object[] {a.id(), a.ownerSmtp() == null ? "" : a.ownerSmtp(), a.displayName(),
            a.permission().wireName(), a.audienceUrl(), String.join(" ", a.allowedScopes()), a.enabled() ? 1 : 0,
            a.scope().name(), text(a.ownerSmtp()), a.createdAt().toEpochMilli(), text(a.version()),
            text(a.providerName()), a.mandatory() ? 1 : 0, a.enabledByDefault() ? 1 : 0,
            manifest == null ? NULL_TEXT : Base64.getEncoder().encodeToString(manifest), System.currentTimeMillis()};
    }

    private static Object text(String value) {
        return value == null ? NULL_TEXT : value;
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
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
        return List.copyOf(run("list signing keys", JdbcStore::keys));
    }

    /** The signing keys as seen on {@code c}: an import checks them inside its transaction. */
    public static List<StoredKey> keys(Connection c) throws SQLException {
        return query(c, "SELECT " + KEY_COLUMNS + " FROM signing_keys ORDER BY created_at, key_id", JdbcStore::key);
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

    @Override
    public boolean rotateKeyUnlessCreatedSince(Instant since, StoredKey newKey) {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(newKey, "newKey");
        if (newKey.retiredAt() != null) {
            throw new IllegalArgumentException("the new key must not be retired");
        }
        long sinceMillis = since.toEpochMilli();
        return transaction("rotate signing key if due", c -> {
            // A write first (see the class comment), guarded by the same condition as the check below,
            // so it changes nothing when another node has rotated already. On PostgreSQL two nodes that
            // get here at once conflict on these rows (or on the check's predicate) and the loser is
            // retried, and then finds the winner's key.
            update(c, "UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL"
                            + " AND NOT EXISTS (SELECT 1 FROM signing_keys WHERE created_at >= ?)",
                    newKey.activatesAt().toEpochMilli(), sinceMillis);
            long recent = queryOne(c, "SELECT COUNT(*) FROM signing_keys WHERE created_at >= ?",
                    rs -> rs.getLong(1), sinceMillis).orElse(0L);
            if (recent > 0) {
                return false;
            }
            if (insertKey(c, newKey) == 0) {
                throw new IllegalArgumentException("a signing key with this key id already exists");
            }
            return true;
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
        String hash = rs.getString(4);
        return new User(rs.getString(1), rs.getString(2), UUID.fromString(rs.getString(3)),
                hash == null || hash.isEmpty() ? null : hash, Instant.ofEpochMilli(rs.getLong(5)));
    }

    /** The column is NOT NULL since V1: a mailbox without a local password stores the empty string. */
    private static String storedHash(String hash) {
        return hash == null ? "" : hash;
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
                rs.getInt(6) != 0, scope, rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10),
                rs.getString(11), rs.getInt(12) != 0, rs.getInt(13) != 0);
    }

    /** An add-in row followed by the user's choice ({@link #CHOICE_COLUMNS}, all NULL when there is none). */
    private static MailboxAddIn mailboxAddIn(ResultSet rs) throws SQLException {
        AddIn addIn = addIn(rs);
        int enabled = rs.getInt(14);
        if (rs.wasNull()) {
            return new MailboxAddIn(addIn, null);
        }
        return new MailboxAddIn(addIn, new UserChoice(enabled != 0, rs.getString(15),
                Instant.ofEpochMilli(rs.getLong(16))));
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
    private <T> T transaction(String operation, SqlWork<T> work) {
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
                } else if (p == NULL_TEXT) {
                    ps.setNull(i + 1, Types.VARCHAR);
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

    /** The canonical account name, or null if {@code value} can never name a mailbox (so no row matches it). */
    private static String account(String value, String name) {
        return AccountName.parse(Objects.requireNonNull(value, name)).map(AccountName::value).orElse(null);
    }

    private static String lower(String value, String name) {
        return Objects.requireNonNull(value, name).toLowerCase(Locale.ROOT);
    }
}
