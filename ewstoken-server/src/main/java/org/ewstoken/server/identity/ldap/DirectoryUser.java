package org.ewstoken.server.identity.ldap;

import java.util.UUID;

/**
 * A user as the directory describes it.
 *
 * @param dn          where the entry is now (changes on a rename)
 * @param smtpAddress primary SMTP address, lowercased
 * @param displayName for the mailbox
 * @param immutableId objectGUID (AD) or entryUUID (OpenLDAP): the {@code msexchuid}
 * @param usable      false when disabled (AD userAccountControl) or locked (AD lockout, OpenLDAP ppolicy)
 * @param mayUseAddIns member of the configured users group (or no group configured)
 * @param mayInstall  member of the configured installers group (or no group configured)
 * @param admin       member of the configured admins group (never without one)
 */
public record DirectoryUser(String dn, String smtpAddress, String displayName, UUID immutableId, boolean usable,
                            boolean mayUseAddIns, boolean mayInstall, boolean admin) {

    /** Not an administrator by the directory. */
    public DirectoryUser(String dn, String smtpAddress, String displayName, UUID immutableId, boolean usable,
                         boolean mayUseAddIns, boolean mayInstall) {
        this(dn, smtpAddress, displayName, immutableId, usable, mayUseAddIns, mayInstall, false);
    }
}
