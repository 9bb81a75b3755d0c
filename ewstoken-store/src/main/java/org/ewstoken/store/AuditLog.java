package org.ewstoken.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The audit log table (migration V3) over {@link Jdbc}, dialect-neutral like {@link JdbcStore}.
 * Kept apart from the {@link Store}: it is written in batches by a background writer, not on the
 * request path, and read only by operators.
 */
public final class AuditLog {

    private static final String COLUMNS =
            "id, issued_at, node, user_smtp, add_in_id, token_type, key_id, expires_at";

    private final Jdbc jdbc;

    public AuditLog(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** Appends all of {@code records} in one transaction. */
    public void append(List<AuditRecord> records) {
        jdbc.insertAll("append audit records", "INSERT INTO audit_log (" + COLUMNS + ") VALUES (:id, :issued_at,"
                + " :node, :user_smtp, :add_in_id, :token_type, :key_id, :expires_at)", records,
                r -> SqlParams.text("id", r.id().toString()).and("issued_at", r.issuedAt()).and("node", r.node())
                        .and("user_smtp", r.userSmtp()).and("add_in_id", r.addInId()).and("token_type", r.tokenType())
                        .and("key_id", r.keyId()).and("expires_at", r.expiresAt()));
    }

    /** The newest {@code limit} records, newest first. */
    public List<AuditRecord> newest(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        return jdbc.list("read audit records", "SELECT " + COLUMNS + " FROM audit_log ORDER BY issued_at DESC, id"
                + " LIMIT :limit", AuditLog::record, SqlParams.of().and("limit", limit));
    }

    /**
     * Records, newest first, filtered: each non-null filter must match (user and add-in ignoring
     * case, the token type exactly), issued within [from, to).
     */
    public List<AuditRecord> find(String userSmtp, String addInId, String tokenType, Instant from, Instant to,
                                  int offset, int limit) {
        PageQuery q = new PageQuery("SELECT " + COLUMNS + " FROM audit_log", offset, limit)
                .where("user_smtp = :user", "user", PageQuery.lowerCase(trimmed(userSmtp)))
                .where("add_in_id = :add_in", "add_in", PageQuery.lowerCase(trimmed(addInId)))
                .where("token_type = :type", "type", tokenType)
                .within("issued_at", from, to);
        return jdbc.list("read audit records", q.sql("issued_at DESC, id DESC"), AuditLog::record, q.params());
    }

    /** How many tokens of each type were issued in each whole minute since {@code from}. */
    public List<MinuteCount> perMinute(Instant from) {
        return jdbc.list("count audit records", "SELECT issued_at / 60000, token_type, COUNT(*) FROM audit_log"
                        + " WHERE issued_at >= :from GROUP BY issued_at / 60000, token_type",
                rs -> new MinuteCount(Instant.ofEpochSecond(rs.getLong(1) * 60), rs.getString(2), rs.getLong(3)),
                SqlParams.of().and("from", Objects.requireNonNull(from, "from")));
    }

    /** Tokens of one type issued in the minute starting at {@code minute}. */
    public record MinuteCount(Instant minute, String tokenType, long count) {}

    /** Deletes records issued before {@code cutoff}; returns how many. */
    public int deleteIssuedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return jdbc.update("delete old audit records", "DELETE FROM audit_log WHERE issued_at < :cutoff",
                SqlParams.of().and("cutoff", cutoff));
    }

    private static String trimmed(String filter) {
        return filter == null ? null : filter.trim();
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(UUID.fromString(rs.getString("id")), Instant.ofEpochMilli(rs.getLong("issued_at")),
                rs.getString("node"), rs.getString("user_smtp"), rs.getString("add_in_id"), rs.getString("token_type"),
                rs.getString("key_id"), Instant.ofEpochMilli(rs.getLong("expires_at")));
    }
}
