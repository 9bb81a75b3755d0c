package org.ewstoken.store;

import java.util.List;
import java.util.Optional;

/**
 * The add-ins area of the {@link Store}: installations and the users' choices about them. One id is
 * installed for the organisation or for single mailboxes, never both.
 */
public interface AddInStore {

    /** Installs an add-in without a manifest; see {@link #addAddIn(AddIn, byte[])}. */
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

    /** An {@link AddInStore} that hands every call to {@link #addIns()}: a new method gets its line here. */
    interface Delegating extends AddInStore {
        AddInStore addIns();

        @Override
        default void addAddIn(AddIn addIn, byte[] manifest) throws DuplicateException {
            addIns().addAddIn(addIn, manifest);
        }

        @Override
        default boolean replaceAddIn(AddIn addIn, byte[] manifest, String expectedVersion) {
            return addIns().replaceAddIn(addIn, manifest, expectedVersion);
        }

        @Override
        default Optional<AddIn> findAddIn(String id) {
            return addIns().findAddIn(id);
        }

        @Override
        default Optional<MailboxAddIn> findAddInFor(String id, String smtpAddress) {
            return addIns().findAddInFor(id, smtpAddress);
        }

        @Override
        default List<MailboxAddIn> listAddInsFor(String smtpAddress) {
            return addIns().listAddInsFor(smtpAddress);
        }

        @Override
        default Optional<byte[]> findManifest(String id, String ownerSmtp) {
            return addIns().findManifest(id, ownerSmtp);
        }

        @Override
        default List<AddIn> listAddIns() {
            return addIns().listAddIns();
        }

        @Override
        default boolean removeAddIn(String id) {
            return addIns().removeAddIn(id);
        }

        @Override
        default boolean removeAddIn(String id, String ownerSmtp) {
            return addIns().removeAddIn(id, ownerSmtp);
        }

        @Override
        default boolean setAddInEnabled(String id, boolean enabled) {
            return addIns().setAddInEnabled(id, enabled);
        }

        @Override
        default boolean setUserChoice(String id, String smtpAddress, UserChoice choice) {
            return addIns().setUserChoice(id, smtpAddress, choice);
        }

        @Override
        default boolean clearUserChoice(String id, String smtpAddress) {
            return addIns().clearUserChoice(id, smtpAddress);
        }
    }
}
