package org.ewstoken.server.identity.ldap;

import java.util.UUID;

/** Package access for tests elsewhere. */
public final class LdapTestAccess {
    private LdapTestAccess() {
    }

    public static byte[] objectGuid(UUID id) {
        return DirectoryIds.toObjectGuid(id);
    }
}
