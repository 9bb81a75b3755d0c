package org.ewstoken.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
        if (records.isEmpty()) return;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditRecord r : records) {
                    ps.setString(1, r.id().toString());
                    ps.setLong(2, r.issuedAt().toEpochMilli());
                    ps.setString(3, r.node());
                    ps.setString(4, r.userSmtp());
                    ps.setString(5, r.addInId());
                    ps.setString(6, r.tokenType());
                    ps.setString(7, r.keyId());
                    ps.setLong(8, r.expiresAt().toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreException.failed("append audit records", e);
        }
    }

    /** The newest {@code limit} records, newest first. */
    public List<AuditRecord> newest(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT " + COLUMNS + " FROM audit_log ORDER BY issued_at DESC, id LIMIT ?")) {
            ps.setInt(1, limit);
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditRecord(UUID.fromString(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            Instant.ofEpochMilli(rs.getLong(8))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw StoreException.failed("read audit records", e);
        }
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
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof Long l) ps.setLong(i + 1, l);
                else ps.setString(i + 1, (String) args.get(i));
            }
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(record(rs));
            }
            return out;
        } catch (SQLException e) {
            throw StoreException.failed("read audit records", e);
        }
    }

    /** How many tokens of each type were issued in each whole minute since {@code from}. */
    public List<MinuteCount> perMinute(Instant from) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT issued_at / 60000, token_type, COUNT(*) FROM audit_log WHERE issued_at >= ? "
                        + "GROUP BY issued_at / 60000, token_type")) {
            ps.setLong(1, from.toEpochMilli());
            List<MinuteCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MinuteCount(Instant.ofEpochSecond(rs.getLong(1) * 60), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw StoreException.failed("count audit records", e);
        }
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
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM audit_log WHERE issued_at < ?")) {
            ps.setLong(1, cutoff.toEpochMilli());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.failed("delete old audit records", e);
        }
    }
}
