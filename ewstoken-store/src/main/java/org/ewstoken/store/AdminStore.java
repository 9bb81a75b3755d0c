package org.ewstoken.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The administration tables (migration V6): the admin role, administrators' API keys and admin
 * events. A store area of its own, over plain JDBC in SQL that SQLite and PostgreSQL both accept,
 * like {@link AuditLog}, so that {@link Store} does not grow.
 */
public final class AdminStore {

    private static final String EVENT_COLUMNS = "id, at, actor, remote_addr, action, target, detail";
    private static final String KEY_COLUMNS = "id, name, owner_smtp, secret_hash, created_at";

    private final DataSource ds;

    public AdminStore(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "ds");
    }

    // ---- the admin role

    public boolean isAdmin(String smtpAddress) {
        return query("read admin role", "SELECT 1 FROM admin_roles WHERE smtp_address = ?",
                rs -> true, smtp(smtpAddress)).size() == 1;
    }

    /** All administrators' addresses, sorted. */
    public List<String> admins() {
        List<String> out = query("list admins", "SELECT smtp_address FROM admin_roles", rs -> rs.getString(1));
        out.sort(null);
        return out;
    }

    /** False if the address had the role already. */
    public boolean grantAdmin(String smtpAddress, String grantedBy, Instant at) {
        return update("grant admin role", "INSERT INTO admin_roles (smtp_address, granted_at, granted_by) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", smtp(smtpAddress), at.toEpochMilli(), grantedBy) == 1;
    }

    /** False if the address did not have the role. */
    public boolean revokeAdmin(String smtpAddress) {
        return update("revoke admin role", "DELETE FROM admin_roles WHERE smtp_address = ?", smtp(smtpAddress)) == 1;
    }

    // ---- API keys

    /** @throws DuplicateException if the id is taken (ids are random: practically never) */
    public void addApiKey(ApiKey key) throws DuplicateException {
        int n = update("add API key", "INSERT INTO admin_api_keys (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", key.id(), key.name(), key.ownerSmtp(), key.secretHash(),
                key.createdAt().toEpochMilli());
        if (n == 0) throw new DuplicateException("an API key with this id exists");
    }

    public Optional<ApiKey> findApiKey(String id) {
        return query("find API key", "SELECT " + KEY_COLUMNS + " FROM admin_api_keys WHERE id = ?",
                AdminStore::apiKey, id).stream().findFirst();
    }

    /** Every key, oldest first. */
    public List<ApiKey> apiKeys() {
        return query("list API keys", "SELECT " + KEY_COLUMNS + " FROM admin_api_keys ORDER BY created_at, id",
                AdminStore::apiKey);
    }

    public boolean removeApiKey(String id) {
        return update("remove API key", "DELETE FROM admin_api_keys WHERE id = ?", id) == 1;
    }

    /** Removes every key an administrator owns (they lost the role or were removed); returns how many. */
    public int removeApiKeysOf(String ownerSmtp) {
        return update("remove API keys", "DELETE FROM admin_api_keys WHERE owner_smtp = ?", smtp(ownerSmtp));
    }

    // ---- admin events

    public void append(AdminEvent e) {
        update("append admin event", "INSERT INTO admin_events (" + EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                e.id().toString(), e.at().toEpochMilli(), e.actor(), e.remoteAddress(), e.action(), e.target(),
                e.detail());
    }

    /**
     * Events, newest first, filtered: each non-null filter must match (actor and target ignoring
     * case, action as a prefix such as {@code addin.}), within [from, to).
     */
    public List<AdminEvent> events(String actor, String action, String target, Instant from, Instant to,
                                   int offset, int limit) {
        if (limit < 1 || offset < 0) throw new IllegalArgumentException("limit must be positive, offset not negative");
        StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS + " FROM admin_events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (actor != null) {
            sql.append(" AND LOWER(actor) = ?");
            args.add(actor.toLowerCase(Locale.ROOT));
        }
        if (action != null) {
            sql.append(" AND action LIKE ?");
            args.add(action.replace("%", "").replace("_", "") + "%");
        }
        if (target != null) {
            sql.append(" AND LOWER(target) = ?");
            args.add(target.toLowerCase(Locale.ROOT));
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            args.add(from.toEpochMilli());
        }
        if (to != null) {
            sql.append(" AND at < ?");
            args.add(to.toEpochMilli());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return query("read admin events", sql.toString(), rs -> new AdminEvent(UUID.fromString(rs.getString(1)),
                Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7)), args.toArray());
    }

    // ---- plumbing

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static ApiKey apiKey(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)));
    }

    private static String smtp(String address) {
        return Objects.requireNonNull(address, "smtpAddress").trim().toLowerCase(Locale.ROOT);
    }

    private <T> List<T> query(String what, String sql, Row<T> row, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw StoreException.failed(what, e);
        }
    }

    private int update(String what, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.failed(what, e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Long l) ps.setLong(i + 1, l);
            else if (a instanceof Integer n) ps.setInt(i + 1, n);
            else ps.setString(i + 1, (String) a);
        }
    }
}
