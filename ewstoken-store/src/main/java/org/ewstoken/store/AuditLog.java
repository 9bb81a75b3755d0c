package org.ewstoken.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The audit log table (migration V3) over plain JDBC, dialect-neutral like {@link JdbcStore}.
 * Kept apart from the {@link Store}: it is written in batches by a background writer, not on the
 * request path, and read only by operators.
 */
public final class AuditLog {

    private static final String COLUMNS =
            "id, issued_at, node, user_smtp, add_in_id, token_type, key_id, expires_at";

    private final DataSource ds;

    public AuditLog(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "ds");
    }

    /** Appends all of {@code records} in one transaction. */
    public void append(List<AuditRecord> records) {
        Jdbc.insertAll(ds, "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", records,
                (ps, r) -> {
                    ps.setString(1, r.id().toString());
                    ps.setLong(2, r.issuedAt().toEpochMilli());
                    ps.setString(3, r.node());
                    ps.setString(4, r.userSmtp());
                    ps.setString(5, r.addInId());
                    ps.setString(6, r.tokenType());
                    ps.setString(7, r.keyId());
                    ps.setLong(8, r.expiresAt().toEpochMilli());
                }, "append audit records");
    }

    /** The newest {@code limit} records, newest first. */
    public List<AuditRecord> newest(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        return Jdbc.list(ds, "SELECT " + COLUMNS + " FROM audit_log ORDER BY issued_at DESC, id LIMIT ?",
                AuditLog::record, "read audit records", limit);
    }

    /**
     * Records, newest first, filtered: each non-null filter must match (user and add-in ignoring
     * case, the token type exactly), issued within [from, to).
     */
    public List<AuditRecord> find(String userSmtp, String addInId, String tokenType, Instant from, Instant to,
                                  int offset, int limit) {
        if (limit < 1 || offset < 0) throw new IllegalArgumentException("limit must be positive, offset not negative");
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (userSmtp != null) {
            sql.append(" AND user_smtp = ?");
            args.add(userSmtp.trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (addInId != null) {
            sql.append(" AND add_in_id = ?");
            args.add(addInId.trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (tokenType != null) {
            sql.append(" AND token_type = ?");
            args.add(tokenType);
        }
        if (from != null) {
            sql.append(" AND issued_at >= ?");
            args.add(from.toEpochMilli());
        }
        if (to != null) {
            sql.append(" AND issued_at < ?");
            args.add(to.toEpochMilli());
        }
        sql.append(" ORDER BY issued_at DESC, id DESC LIMIT ? OFFSET ?");
        args.add((long) limit);
        args.add((long) offset);
        return Jdbc.list(ds, sql.toString(), AuditLog::record, "read audit records", args.toArray());
    }

    /** How many tokens of each type were issued in each whole minute since {@code from}. */
    public List<MinuteCount> perMinute(Instant from) {
        return Jdbc.list(ds, "SELECT issued_at / 60000, token_type, COUNT(*) FROM audit_log WHERE issued_at >= ? "
                        + "GROUP BY issued_at / 60000, token_type",
                rs -> new MinuteCount(Instant.ofEpochSecond(rs.getLong(1) * 60), rs.getString(2), rs.getLong(3)),
                "count audit records", from.toEpochMilli());
    }

    /** Tokens of one type issued in the minute starting at {@code minute}. */
    public record MinuteCount(Instant minute, String tokenType, long count) {}

    private static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(UUID.fromString(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                Instant.ofEpochMilli(rs.getLong(8)));
    }

    /** Deletes records issued before {@code cutoff}; returns how many. */
    public int deleteIssuedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return Jdbc.update(ds, "DELETE FROM audit_log WHERE issued_at < ?", "delete old audit records",
                cutoff.toEpochMilli());
    }
}
