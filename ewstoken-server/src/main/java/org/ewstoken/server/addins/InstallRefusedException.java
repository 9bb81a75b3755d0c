package org.ewstoken.server.addins;

import java.util.Objects;

/** An installation the registry refuses; the message says why in words an administrator can act on. */
public final class InstallRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The same or a newer version is installed for the same target. */
        SAME_OR_NEWER_INSTALLED,
        /** A user asked for a personal copy of an add-in the organisation has installed. */
        INSTALLED_FOR_ORGANISATION,
        /** The mailbox is not a known user. */
        UNKNOWN_USER,
        /** Someone else changed the installation at the same moment; trying again will do. */
        CONCURRENT_CHANGE
    }

    private final Reason reason;

    public InstallRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
