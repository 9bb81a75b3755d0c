package org.ewstoken.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of users, add-ins, signing keys and a few settings. Implementations are thread-safe.
 * Database failures surface as {@link StoreException}; invalid arguments as
 * {@link IllegalArgumentException} or {@link NullPointerException}.
 */
public interface Store extends AutoCloseable {

    // ---- users

    /** @throws DuplicateException if the SMTP address (in any case) or the Exchange UID is taken */
    void addUser(User user) throws DuplicateException;

    /** Looks a user up by SMTP address, ignoring case. */
    Optional<User> findUser(String smtpAddress);

    /** All users, ordered by SMTP address. */
    List<User> listUsers();

    /** Removes the user and the add-ins installed for that user only; false if there was no such user. */
    boolean removeUser(String smtpAddress);

    /** False if there is no such user. */
    boolean updatePasswordHash(String smtpAddress, String newHash);

    // ---- add-ins

    /**
     * @throws DuplicateException if an add-in with this id exists
     * @throws IllegalArgumentException if the scope is USER and the owner is not a known user
     */
    void addAddIn(AddIn addIn) throws DuplicateException;

    /** Looks an add-in up by GUID, ignoring case. */
    Optional<AddIn> findAddIn(String id);

    /** All add-ins, oldest first. */
    List<AddIn> listAddIns();

    /** False if there was no such add-in. */
    boolean removeAddIn(String id);

    /** False if there is no such add-in. */
    boolean setAddInEnabled(String id, boolean enabled);

    // ---- signing keys

    /** @throws DuplicateException if a key with this key id exists */
    void addKey(StoredKey key) throws DuplicateException;

    /** All keys, retired ones included, ordered by creation time ascending. */
    List<StoredKey> listKeys();

    /** Sets the key's retirement time; false if there is no such key or it is already retired. */
    boolean retireKey(String keyId, Instant retiredAt);

    /** False if there was no such key. */
    boolean deleteKey(String keyId);

    /**
     * Atomically, in ONE transaction: retires every key not yet retired (retiredAt =
     * {@code newKey.activatesAt()}) and adds {@code newKey}. Nothing changes if it fails.
     *
     * @throws IllegalArgumentException if {@code newKey} is retired or its key id is taken
     */
    void rotateKey(StoredKey newKey);

    // ---- settings: small named values, e.g. a document id created once

    Optional<String> setting(String name);

    /** Sets name=value only if absent; returns the value now stored, so concurrent callers agree. */
    String settingIfAbsent(String name, String value);

    // ---- lifecycle

    /** True if the database answers a trivial query. Never throws. */
    boolean isHealthy();

    /** Releases what this store owns (e.g. its connection pool). Does not throw checked exceptions. */
    @Override
    void close();

    /**
     * A number that grows after every committed write made through this instance. Caches of store
     * data compare it to know whether what they hold may be stale; writes by other processes are
     * not counted (those caches also expire by time).
     */
    default long changeCount() {
        return 0;
    }
}
