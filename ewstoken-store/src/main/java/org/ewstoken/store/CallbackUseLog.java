package org.ewstoken.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/** The callback-token use log (migration V9), written in batches like {@link AuditLog}. */
public final class CallbackUseLog {

    private static final String COLUMNS = "id, used_at, node, user_smtp, add_in_id, operation, item_id, verdict, token_id";

    private final Jdbc jdbc;

    public CallbackUseLog(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /** Appends all of {@code records} in one transaction. */
    public void append(List<CallbackUse> records) {
        jdbc.insertAll("append callback-token use records", "INSERT INTO callback_use_log (" + COLUMNS + ")"
                + " VALUES (:id, :used_at, :node, :user_smtp, :add_in_id, :operation, :item_id, :verdict, :token_id)",
                records, r -> SqlParams.text("id", r.id().toString()).and("used_at", r.usedAt()).and("node", r.node())
                        .and("user_smtp", r.userSmtp()).and("add_in_id", r.addInId()).and("operation", r.operation())
                        .and("item_id", r.itemId()).and("verdict", r.verdict()).and("token_id", r.tokenId()));
    }

    /** The newest {@code limit} records, newest first. */
    public List<CallbackUse> newest(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        return jdbc.list("read callback-token use records", "SELECT " + COLUMNS + " FROM callback_use_log"
                + " ORDER BY used_at DESC, id DESC LIMIT :limit", CallbackUseLog::record, SqlParams.of().and("limit", limit));
    }

    /** Deletes records older than {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return jdbc.update("delete old callback-token use records", "DELETE FROM callback_use_log WHERE used_at < :cutoff",
                SqlParams.of().and("cutoff", cutoff));
    }

    private static CallbackUse record(ResultSet rs) throws SQLException {
        return new CallbackUse(UUID.fromString(rs.getString("id")), Instant.ofEpochMilli(rs.getLong("used_at")),
                rs.getString("node"), rs.getString("user_smtp"), rs.getString("add_in_id"), rs.getString("operation"),
                rs.getString("item_id"), rs.getString("verdict"), rs.getString("token_id"));
    }
}
