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

/** The callback-token use log (migration V9), written in batches like {@link AuditLog}. */
public final class CallbackUseLog {

    private static final String COLUMNS = "id, used_at, node, user_smtp, add_in_id, operation, item_id, verdict, token_id";

    private final DataSource ds;

    public CallbackUseLog(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "ds");
    }

    /** Appends all of {@code records} in one transaction. */
    public void append(List<CallbackUse> records) {
        if (records.isEmpty()) return;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO callback_use_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (CallbackUse r : records) {
                    ps.setString(1, r.id().toString());
                    ps.setLong(2, r.usedAt().toEpochMilli());
                    ps.setString(3, r.node());
                    ps.setString(4, r.userSmtp());
                    ps.setString(5, r.addInId());
                    ps.setString(6, r.operation());
                    ps.setString(7, r.itemId());
                    ps.setString(8, r.verdict());
                    ps.setString(9, r.tokenId());
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
            throw StoreException.failed("append callback-token use records", e);
        }
    }

    /** The newest {@code limit} records, newest first. */
    public List<CallbackUse> newest(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT " + COLUMNS + " FROM callback_use_log ORDER BY used_at DESC, id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            List<CallbackUse> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CallbackUse(UUID.fromString(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8), rs.getString(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw StoreException.failed("read callback-token use records", e);
        }
    }

    /** Deletes records older than {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM callback_use_log WHERE used_at < ?")) {
            ps.setLong(1, cutoff.toEpochMilli());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.failed("delete old callback-token use records", e);
        }
    }
}
