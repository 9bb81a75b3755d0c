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

    /** Looks a user up by its {@code msexchuid}. */
    Optional<User> findUserByExchangeUid(java.util.UUID exchangeUid);

    /**
     * Gives the mailbox with this {@code msexchuid} a new SMTP address and display name (its user was
     * renamed in the directory), moving its own add-ins and choices along, in one transaction.
     *
     * @return false if there is no such user
     * @throws DuplicateException if another mailbox has the new address
     */
    boolean renameUser(java.util.UUID exchangeUid, String newSmtpAddress, String displayName)
            throws DuplicateException;

    /** All users, ordered by SMTP address. */
    List<User> listUsers();

    /** Removes the user and the add-ins installed for that user only; false if there was no such user. */
    boolean removeUser(String smtpAddress);

    /** False if there is no such user. */
    boolean updatePasswordHash(String smtpAddress, String newHash);

    // ---- add-ins: one id is installed for the organisation or for single mailboxes, never both

    /**
     * Installs an add-in without a manifest; see {@link #addAddIn(AddIn, byte[])}.
     */
    default void addAddIn(AddIn addIn) throws DuplicateException {
        addAddIn(addIn, null);
    }

    /**
     * Installs an add-in, keeping its manifest's bytes. Installing for the organisation replaces the
     * installations of the same id that single mailboxes had (their users' choices stay).
     *
     * @param manifest the manifest as installed, or null for an add-in registered without one
     * @throws DuplicateException if the id is installed for the same owner already, or (for a USER
     *     installation) for the organisation
     * @throws IllegalArgumentException if the scope is USER and the owner is not a known user
     */
    void addAddIn(AddIn addIn, byte[] manifest) throws DuplicateException;

    /**
     * Upgrades an installation in place (same id and owner): every field but the creation time is
     * replaced, the users' choices stay. Only if its version is still {@code expectedVersion}, so that
     * two concurrent upgrades cannot both win.
     *
     * @return false if there is no such installation or its version is no longer the expected one
     */
    boolean replaceAddIn(AddIn addIn, byte[] manifest, String expectedVersion);

    /**
     * Looks an add-in up by GUID, ignoring case: the organisation's installation if there is one,
     * else the oldest installation for a single mailbox. For administration; what a mailbox sees
     * is {@link #findAddInFor}.
     */
    Optional<AddIn> findAddIn(String id);

    /** The add-in with this id as the mailbox sees it (its own installation or the organisation's). */
    Optional<MailboxAddIn> findAddInFor(String id, String smtpAddress);

    /** Every add-in installed for the mailbox (its own and the organisation's), oldest first. */
    List<MailboxAddIn> listAddInsFor(String smtpAddress);

    /** The manifest of an installation ({@code ownerSmtp} null: the organisation's), if it has one. */
    Optional<byte[]> findManifest(String id, String ownerSmtp);

    /** All installations, oldest first. */
    List<AddIn> listAddIns();

    /** Removes every installation of the add-in and every choice users made about it; false if there was none. */
    boolean removeAddIn(String id);

    /**
     * Removes one installation ({@code ownerSmtp} null: the organisation's) and the choices made about it;
     * false if there was no such installation.
     */
    boolean removeAddIn(String id, String ownerSmtp);

    /** Sets the administrator's switch on every installation of the add-in; false if there is none. */
    boolean setAddInEnabled(String id, boolean enabled);

    /**
     * Records a user's choice about an add-in installed for them (their own or the organisation's).
     * Whether they may (mandatory add-ins) is the caller's rule.
     *
     * @return false if no add-in with this id is installed for the mailbox
     */
    boolean setUserChoice(String id, String smtpAddress, UserChoice choice);

    /** Forgets a user's choice, so the add-in's default applies again; false if there was none. */
    boolean clearUserChoice(String id, String smtpAddress);

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

    /**
     * {@link #rotateKey} only if no key was created at or after {@code since}; true if it rotated.
     * The check and the rotation are one serializable transaction, so when several nodes find a
     * scheduled rotation due at the same time, exactly one of them creates a key.
     *
     * @throws IllegalArgumentException if {@code newKey} is retired or its key id is taken
     */
    boolean rotateKeyUnlessCreatedSince(Instant since, StoredKey newKey);

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
