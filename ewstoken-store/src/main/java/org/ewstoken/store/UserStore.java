package org.ewstoken.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The users area of the {@link Store}: mailboxes, their addresses, Exchange UIDs and password hashes. */
public interface UserStore {

    /** @throws DuplicateException if the SMTP address (in any case) or the Exchange UID is taken */
    void addUser(User user) throws DuplicateException;

    /** Looks a user up by SMTP address, ignoring case. */
    Optional<User> findUser(String smtpAddress);

    /** Looks a user up by its {@code msexchuid}. */
    Optional<User> findUserByExchangeUid(UUID exchangeUid);

    /**
     * Gives the mailbox with this {@code msexchuid} a new SMTP address and display name (its user was
     * renamed in the directory), moving its own add-ins and choices along, in one transaction.
     *
     * @return false if there is no such user
     * @throws DuplicateException if another mailbox has the new address
     */
    boolean renameUser(UUID exchangeUid, String newSmtpAddress, String displayName) throws DuplicateException;

    /** All users, ordered by SMTP address. */
    List<User> listUsers();

    /** Removes the user and the add-ins installed for that user only; false if there was no such user. */
    boolean removeUser(String smtpAddress);

    /** False if there is no such user. */
    boolean updatePasswordHash(String smtpAddress, String newHash);

    /** A {@link UserStore} that hands every call to {@link #users()}: a new method gets its line here. */
    interface Delegating extends UserStore {
        UserStore users();

        @Override
        default void addUser(User user) throws DuplicateException {
            users().addUser(user);
        }

        @Override
        default Optional<User> findUser(String smtpAddress) {
            return users().findUser(smtpAddress);
        }

        @Override
        default Optional<User> findUserByExchangeUid(UUID exchangeUid) {
            return users().findUserByExchangeUid(exchangeUid);
        }

        @Override
        default boolean renameUser(UUID exchangeUid, String newSmtpAddress, String displayName)
                throws DuplicateException {
            return users().renameUser(exchangeUid, newSmtpAddress, displayName);
        }

        @Override
        default List<User> listUsers() {
            return users().listUsers();
        }

        @Override
        default boolean removeUser(String smtpAddress) {
            return users().removeUser(smtpAddress);
        }

        @Override
        default boolean updatePasswordHash(String smtpAddress, String newHash) {
            return users().updatePasswordHash(smtpAddress, newHash);
        }
    }
}
