package org.ewstoken.store;

import static org.ewstoken.store.Jdbc.update;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** {@link SigningKeyStore} over {@link Jdbc}: the {@code signing_keys} table. */
record JdbcKeys(Jdbc jdbc) implements SigningKeyStore {

    private static final String COLUMNS = "key_id, certificate, sealed_private_key, created_at, activates_at, retired_at";

    @Override
    public void addKey(StoredKey key) throws DuplicateException {
        Objects.requireNonNull(key, "key");
        if (jdbc.run("add signing key", c -> insert(c, key)) == 0) {
            throw new DuplicateException("a signing key with this key id already exists");
        }
    }

    @Override
    public List<StoredKey> listKeys() {
        return List.copyOf(jdbc.run("list signing keys", JdbcKeys::keys));
    }

    /** The signing keys as seen on {@code c}: an import checks them inside its transaction. */
    static List<StoredKey> keys(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT " + COLUMNS + " FROM signing_keys ORDER BY created_at, key_id", JdbcKeys::key,
                SqlParams.of());
    }

    @Override
    public boolean retireKey(String keyId, Instant retiredAt) {
        Values.requireText(keyId, "keyId");
        Objects.requireNonNull(retiredAt, "retiredAt");
        return jdbc.update("retire signing key", "UPDATE signing_keys SET retired_at = :at"
                + " WHERE key_id = :key_id AND retired_at IS NULL", SqlParams.text("key_id", keyId).and("at", retiredAt)) > 0;
    }

    @Override
    public boolean deleteKey(String keyId) {
        Values.requireText(keyId, "keyId");
        return jdbc.update("delete signing key", "DELETE FROM signing_keys WHERE key_id = :key_id",
                SqlParams.text("key_id", keyId)) > 0;
    }

    @Override
    public void rotateKey(StoredKey newKey) {
        requireUnretired(newKey);
        jdbc.transaction("rotate signing key", c -> {
            // The UPDATE comes first so the transaction holds the write lock before it reads anything.
            update(c, "UPDATE signing_keys SET retired_at = :at WHERE retired_at IS NULL",
                    SqlParams.of().and("at", newKey.activatesAt()));
            if (insert(c, newKey) == 0) {
                throw new IllegalArgumentException("a signing key with this key id already exists");
            }
            return null;
        });
    }

    @Override
    public boolean rotateKeyUnlessCreatedSince(Instant since, StoredKey newKey) {
        Objects.requireNonNull(since, "since");
        requireUnretired(newKey);
        SqlParams p = SqlParams.of().and("at", newKey.activatesAt()).and("since", since);
        return jdbc.transaction("rotate signing key if due", c -> {
            // A write first (see Jdbc's class comment), guarded by the same condition as the check below,
            // so it changes nothing when another node has rotated already. On PostgreSQL two nodes that
            // get here at once conflict on these rows (or on the check's predicate) and the loser is
            // retried, and then finds the winner's key.
            update(c, "UPDATE signing_keys SET retired_at = :at WHERE retired_at IS NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM signing_keys WHERE created_at >= :since)", p);
            long recent = Jdbc.one(c, "SELECT COUNT(*) FROM signing_keys WHERE created_at >= :since",
                    rs -> rs.getLong(1), p).orElse(0L);
            if (recent > 0) {
                return false;
            }
            if (insert(c, newKey) == 0) {
                throw new IllegalArgumentException("a signing key with this key id already exists");
            }
            return true;
        });
    }

    private static void requireUnretired(StoredKey newKey) {
        Objects.requireNonNull(newKey, "newKey");
        if (newKey.retiredAt() != null) {
            throw new IllegalArgumentException("the new key must not be retired");
        }
    }

    private static int insert(Connection c, StoredKey k) throws SQLException {
        return update(c, "INSERT INTO signing_keys (" + COLUMNS + ") VALUES (:key_id, :certificate, :sealed,"
                        + " :created_at, :activates_at, :retired_at) ON CONFLICT DO NOTHING",
                SqlParams.text("key_id", k.keyId()).and("certificate", k.certificateBase64())
                        .and("sealed", k.sealedPrivateKeyBase64()).and("created_at", k.createdAt())
                        .and("activates_at", k.activatesAt()).and("retired_at", k.retiredAt()));
    }

    private static StoredKey key(ResultSet rs) throws SQLException {
        long retired = rs.getLong("retired_at");
        Instant retiredAt = rs.wasNull() ? null : Instant.ofEpochMilli(retired);
        return new StoredKey(rs.getString("key_id"), rs.getString("certificate"), rs.getString("sealed_private_key"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("activates_at")),
                retiredAt);
    }
}
