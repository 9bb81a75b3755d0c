package org.ewstoken.store;

import static org.ewstoken.store.Jdbc.update;
import static org.ewstoken.store.Values.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** {@link UserStore} over {@link Jdbc}: the {@code users} table (and what a rename or removal moves along). */
record JdbcUsers(Jdbc jdbc) implements UserStore {

    private static final String COLUMNS = "smtp_address, display_name, exchange_uid, password_hash, created_at";

    @Override
    public void addUser(User user) throws DuplicateException {
        Objects.requireNonNull(user, "user");
        int inserted = jdbc.update("add user", "INSERT INTO users (" + COLUMNS + ")"
                + " VALUES (:smtp, :name, :uid, :hash, :created) ON CONFLICT DO NOTHING",
                SqlParams.text("smtp", user.smtpAddress()).and("name", user.displayName())
                        .and("uid", user.exchangeUid().toString()).and("hash", storedHash(user.passwordHash()))
                        .and("created", user.createdAt()));
        if (inserted == 0) {
            throw new DuplicateException("a user with this SMTP address or Exchange UID already exists");
        }
    }

    @Override
    public Optional<User> findUser(String smtpAddress) {
        String key = account(smtpAddress, "smtpAddress");
        if (key == null) return Optional.empty();
        return jdbc.one("find user", "SELECT " + COLUMNS + " FROM users WHERE smtp_address = :smtp",
                JdbcUsers::user, SqlParams.text("smtp", key));
    }

    @Override
    public Optional<User> findUserByExchangeUid(UUID exchangeUid) {
        String key = Objects.requireNonNull(exchangeUid, "exchangeUid").toString();
        return jdbc.one("find user by exchange uid", "SELECT " + COLUMNS + " FROM users WHERE exchange_uid = :uid",
                JdbcUsers::user, SqlParams.text("uid", key));
    }

    @Override
    public boolean renameUser(UUID exchangeUid, String newSmtpAddress, String displayName) throws DuplicateException {
        String uid = Objects.requireNonNull(exchangeUid, "exchangeUid").toString();
        String to = Values.smtp(newSmtpAddress, "newSmtpAddress");
        Objects.requireNonNull(displayName, "displayName");
        Optional<User> current = findUserByExchangeUid(exchangeUid);
        if (current.isEmpty()) return false;
        String from = current.get().smtpAddress();
        SqlParams p = SqlParams.text("uid", uid).and("parked", uid + "-renaming").and("from", from).and("to", to)
                .and("name", displayName);
        if (from.equals(to)) {
            return jdbc.update("rename user", "UPDATE users SET display_name = :name WHERE exchange_uid = :uid", p) > 0;
        }
        int moved = jdbc.transaction("rename user", c -> {
            // The address is the key others refer to: the renamed row is added first (under a parked
            // uid, as uids are unique), the references move to it, then the old row goes.
            int added = update(c, "INSERT INTO users (" + COLUMNS + ") SELECT :to, :name, :parked, password_hash,"
                    + " created_at FROM users WHERE exchange_uid = :uid AND smtp_address = :from"
                    + " ON CONFLICT DO NOTHING", p);
            if (added == 0) return 0;
            update(c, "UPDATE add_ins SET owner_smtp = :to, install_key = :to WHERE owner_smtp = :from", p);
            update(c, "UPDATE add_in_user_states SET smtp_address = :to WHERE smtp_address = :from", p);
            update(c, "DELETE FROM users WHERE smtp_address = :from", p);
            update(c, "UPDATE users SET exchange_uid = :uid WHERE smtp_address = :to", p);
            return 1;
        });
        if (moved == 0) {
            if (findUser(to).isPresent()) throw new DuplicateException("a user with this SMTP address already exists");
            return false;
        }
        return true;
    }

    @Override
    public List<User> listUsers() {
        List<User> users = jdbc.list("list users", "SELECT " + COLUMNS + " FROM users", JdbcUsers::user, SqlParams.of());
        // Sorted here rather than by ORDER BY: database collations differ, Java's order does not.
        users.sort(Comparator.comparing(User::smtpAddress));
        return List.copyOf(users);
    }

    @Override
    public boolean removeUser(String smtpAddress) {
        String key = account(smtpAddress, "smtpAddress");
        if (key == null) return false;
        SqlParams p = SqlParams.text("smtp", key);
        return jdbc.transaction("remove user", c -> {
            // Add-ins and choices first: the foreign keys forbid removing a user who still has some.
            update(c, "DELETE FROM add_ins WHERE owner_smtp = :smtp", p);
            update(c, "DELETE FROM add_in_user_states WHERE smtp_address = :smtp", p);
            return update(c, "DELETE FROM users WHERE smtp_address = :smtp", p) > 0;
        });
    }

    @Override
    public boolean updatePasswordHash(String smtpAddress, String newHash) {
        String key = account(smtpAddress, "smtpAddress");
        Values.requireText(newHash, "newHash");
        if (key == null) return false;
        return jdbc.update("update password hash", "UPDATE users SET password_hash = :hash WHERE smtp_address = :smtp",
                SqlParams.text("hash", newHash).and("smtp", key)) > 0;
    }

    private static User user(ResultSet rs) throws SQLException {
        String hash = rs.getString("password_hash");
        return new User(rs.getString("smtp_address"), rs.getString("display_name"),
                UUID.fromString(rs.getString("exchange_uid")), hash == null || hash.isEmpty() ? null : hash,
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    /** The column is NOT NULL since V1: a mailbox without a local password stores the empty string. */
    private static String storedHash(String hash) {
        return hash == null ? "" : hash;
    }
}
