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
 */
public record DirectoryUser(String dn, String smtpAddress, String displayName, UUID immutableId, boolean usable,
                            boolean mayUseAddIns, boolean mayInstall) {
}
