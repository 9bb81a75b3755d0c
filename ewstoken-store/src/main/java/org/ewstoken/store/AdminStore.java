package org.ewstoken.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The administration area (migration V6): the admin role, administrators' API keys and admin
 * events, over {@link Jdbc} like the other areas. Opened from {@link Database#adminStore()}, apart
 * from the {@link Store}: only the console, the admin API and the CLI use it.
 */
public final class AdminStore {

    private static final String EVENT_COLUMNS = "id, at, actor, remote_addr, action, target, detail";
    private static final String KEY_COLUMNS = "id, name, owner_smtp, secret_hash, created_at";

    private final Jdbc jdbc;

    public AdminStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    // ---- the admin role

    public boolean isAdmin(String smtpAddress) {
        return jdbc.one("read admin role", "SELECT 1 FROM admin_roles WHERE smtp_address = :smtp", rs -> true,
                smtp(smtpAddress)).isPresent();
    }

    /** All administrators' addresses, sorted. */
    public List<String> admins() {
        List<String> out = jdbc.list("list admins", "SELECT smtp_address FROM admin_roles", rs -> rs.getString(1),
                SqlParams.of());
        out.sort(null);
        return out;
    }

    /** False if the address had the role already. */
    public boolean grantAdmin(String smtpAddress, String grantedBy, Instant at) {
        return jdbc.update("grant admin role", "INSERT INTO admin_roles (smtp_address, granted_at, granted_by)"
                + " VALUES (:smtp, :at, :by) ON CONFLICT DO NOTHING",
                smtp(smtpAddress).and("at", Objects.requireNonNull(at, "at")).and("by", grantedBy)) == 1;
    }

    /** False if the address did not have the role. */
    public boolean revokeAdmin(String smtpAddress) {
        return jdbc.update("revoke admin role", "DELETE FROM admin_roles WHERE smtp_address = :smtp",
                smtp(smtpAddress)) == 1;
    }

    // ---- API keys

    /** @throws DuplicateException if the id is taken (ids are random: practically never) */
    public void addApiKey(ApiKey key) throws DuplicateException {
        int n = jdbc.update("add API key", "INSERT INTO admin_api_keys (" + KEY_COLUMNS + ")"
                + " VALUES (:id, :name, :owner, :hash, :created) ON CONFLICT DO NOTHING",
                SqlParams.text("id", key.id()).and("name", key.name()).and("owner", key.ownerSmtp())
                        .and("hash", key.secretHash()).and("created", key.createdAt()));
        if (n == 0) throw new DuplicateException("an API key with this id exists");
    }

    public Optional<ApiKey> findApiKey(String id) {
        return jdbc.one("find API key", "SELECT " + KEY_COLUMNS + " FROM admin_api_keys WHERE id = :id",
                AdminStore::apiKey, SqlParams.text("id", id));
    }

    /** Every key, oldest first. */
    public List<ApiKey> apiKeys() {
        return jdbc.list("list API keys", "SELECT " + KEY_COLUMNS + " FROM admin_api_keys ORDER BY created_at, id",
                AdminStore::apiKey, SqlParams.of());
    }

    public boolean removeApiKey(String id) {
        return jdbc.update("remove API key", "DELETE FROM admin_api_keys WHERE id = :id", SqlParams.text("id", id)) == 1;
    }

    /** Removes every key an administrator owns (they lost the role or were removed); returns how many. */
    public int removeApiKeysOf(String ownerSmtp) {
        return jdbc.update("remove API keys", "DELETE FROM admin_api_keys WHERE owner_smtp = :smtp", smtp(ownerSmtp));
    }

    // ---- admin events

    public void append(AdminEvent e) {
        jdbc.update("append admin event", "INSERT INTO admin_events (" + EVENT_COLUMNS + ")"
                + " VALUES (:id, :at, :actor, :remote, :action, :target, :detail)",
                SqlParams.text("id", e.id().toString()).and("at", e.at()).and("actor", e.actor())
                        .and("remote", e.remoteAddress()).and("action", e.action()).and("target", e.target())
                        .and("detail", e.detail()));
    }

    /**
     * Events, newest first, filtered: each non-null filter must match (actor and target ignoring
     * case, action as a prefix such as {@code addin.}), within [from, to).
     */
    public List<AdminEvent> events(String actor, String action, String target, Instant from, Instant to,
                                   int offset, int limit) {
        PageQuery q = new PageQuery("SELECT " + EVENT_COLUMNS + " FROM admin_events", offset, limit)
                .where("LOWER(actor) = :actor", "actor", PageQuery.lowerCase(actor))
                .where("action LIKE :action", "action", prefix(action))
                .where("LOWER(target) = :target", "target", PageQuery.lowerCase(target))
                .within("at", from, to);
        return jdbc.list("read admin events", q.sql("at DESC, id DESC"), rs -> new AdminEvent(
                UUID.fromString(rs.getString("id")), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("actor"),
                rs.getString("remote_addr"), rs.getString("action"), rs.getString("target"), rs.getString("detail")),
                q.params());
    }

    /** A LIKE pattern matching what starts with {@code action}; its own wildcards are dropped. Null stays null. */
    private static String prefix(String action) {
        return action == null ? null : action.replace("%", "").replace("_", "") + "%";
    }

    private static ApiKey apiKey(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("owner_smtp"),
                rs.getString("secret_hash"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static SqlParams smtp(String address) {
        return SqlParams.text("smtp", Objects.requireNonNull(address, "smtpAddress").trim().toLowerCase(Locale.ROOT));
    }
}
