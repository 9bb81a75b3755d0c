package org.ewstoken.store;

import java.time.Instant;
import java.util.List;

/** The signing keys area of the {@link Store}. */
public interface SigningKeyStore {

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

    /**
     * {@link #rotateKey} only if no key was created at or after {@code since}; true if it rotated.
     * The check and the rotation are one serializable transaction, so when several nodes find a
     * scheduled rotation due at the same time, exactly one of them creates a key.
     *
     * @throws IllegalArgumentException if {@code newKey} is retired or its key id is taken
     */
    boolean rotateKeyUnlessCreatedSince(Instant since, StoredKey newKey);

    /** A {@link SigningKeyStore} that hands every call to {@link #keys()}: a new method gets its line here. */
    interface Delegating extends SigningKeyStore {
        SigningKeyStore keys();

        @Override
        default void addKey(StoredKey key) throws DuplicateException {
            keys().addKey(key);
        }

        @Override
        default List<StoredKey> listKeys() {
            return keys().listKeys();
        }

        @Override
        default boolean retireKey(String keyId, Instant retiredAt) {
            return keys().retireKey(keyId, retiredAt);
        }

        @Override
        default boolean deleteKey(String keyId) {
            return keys().deleteKey(keyId);
        }

        @Override
        default void rotateKey(StoredKey newKey) {
            keys().rotateKey(newKey);
        }

        @Override
        default boolean rotateKeyUnlessCreatedSince(Instant since, StoredKey newKey) {
            return keys().rotateKeyUnlessCreatedSince(since, newKey);
        }
    }
}
