package org.ewstoken.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The add-in client table (migration V20): each add-in back end's secret hash and back-end audience. The
 * two are set independently; setting one keeps the other.
 */
public final class AddInClients {

    private static final String COLUMNS = "add_in_id, secret_hash, backend_audience, updated_at";

    private final Jdbc jdbc;

    public AddInClients(DataSource ds) {
        this.jdbc = new Jdbc(Objects.requireNonNull(ds, "ds"));
    }

    public Optional<AddInClient> find(String addInId) {
        return jdbc.one("read add-in client", "SELECT " + COLUMNS + " FROM add_in_clients WHERE add_in_id = :id",
                rs -> new AddInClient(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4))), SqlParams.text("id", key(addInId)));
    }

    /** Replaces the secret hash (a rotation: the old secret stops working at once). */
    public void setSecretHash(String addInId, String secretHash, Instant at) {
        Values.requireText(secretHash, "secretHash");
        upsert(addInId, "secret_hash", secretHash, at);
    }

    /** Sets the back-end audience; null clears it. */
    public void setBackendAudience(String addInId, String audience, Instant at) {
        upsert(addInId, "backend_audience", audience, at);
    }

    private void upsert(String addInId, String column, String value, Instant at) {
        jdbc.update("write add-in client", "INSERT INTO add_in_clients (add_in_id, " + column + ", updated_at)"
                + " VALUES (:id, :value, :at) ON CONFLICT (add_in_id) DO UPDATE SET " + column + " = excluded." + column
                + ", updated_at = excluded.updated_at",
                SqlParams.text("id", key(addInId)).and("value", value).and("at", Values.millis(at, "at")));
    }

    private static String key(String addInId) {
        return Values.requireText(addInId, "addInId").trim().toLowerCase(Locale.ROOT);
    }
}
