package org.ewstoken.server.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.ewstoken.store.AccountName;
import org.ewstoken.store.User;

/**
 * Who a sign-in method proved the caller to be, before it is a mailbox.
 *
 * @param smtpAddress  the mailbox's primary SMTP address, made canonical ({@link AccountName})
 * @param displayName  for a mailbox created at first sign-in
 * @param immutableId  the source's own id that survives renames (AD objectGUID, OpenLDAP entryUUID, a
 *                     name-based UUID of an OIDC issuer and subject): becomes the {@code msexchuid}
 * @param stored       the stored mailbox when the method read it already (local passwords)
 * @param grants       what the source lets this caller do with add-ins
 * @param method       the method's {@link SignInMethod#name()}, for the log
 */
public record Identity(String smtpAddress, String displayName, Optional<UUID> immutableId, Optional<User> stored,
                       Grants grants, String method) {

    /**
     * What a directory's groups allow (all add-in use, when no group is configured). {@code administer}:
     * a member of the directory's admins group, an administrator beside those with the stored admin role.
     */
    public record Grants(boolean useAddIns, boolean installAddIns, boolean administer) {
        public static final Grants ALL = new Grants(true, true);

        public Grants(boolean useAddIns, boolean installAddIns) {
            this(useAddIns, installAddIns, false);
        }
    }

    public Identity {
        smtpAddress = AccountName.canonical(smtpAddress);
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(immutableId, "immutableId");
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(method, "method");
    }

    /** A user of the local store. */
    public static Identity local(User user, String method) {
        return new Identity(user.smtpAddress(), user.displayName(), Optional.of(user.exchangeUid()),
                Optional.of(user), Grants.ALL, method);
    }
}
