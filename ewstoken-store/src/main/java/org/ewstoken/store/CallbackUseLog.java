package org.ewstoken.store;

import java.time.Instant;
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
        Jdbc.insertAll(ds, "INSERT INTO callback_use_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                records, (ps, r) -> {
                    ps.setString(1, r.id().toString());
                    ps.setLong(2, r.usedAt().toEpochMilli());
                    ps.setString(3, r.node());
                    ps.setString(4, r.userSmtp());
                    ps.setString(5, r.addInId());
                    ps.setString(6, r.operation());
                    ps.setString(7, r.itemId());
                    ps.setString(8, r.verdict());
                    ps.setString(9, r.tokenId());
                }, "append callback-token use records");
    }

    /** The newest {@code limit} records, newest first. */
    public List<CallbackUse> newest(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        return Jdbc.list(ds, "SELECT " + COLUMNS + " FROM callback_use_log ORDER BY used_at DESC, id DESC LIMIT ?",
                rs -> new CallbackUse(UUID.fromString(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9)),
                "read callback-token use records", limit);
    }

    /** Deletes records older than {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return Jdbc.update(ds, "DELETE FROM callback_use_log WHERE used_at < ?",
                "delete old callback-token use records", cutoff.toEpochMilli());
    }
}
