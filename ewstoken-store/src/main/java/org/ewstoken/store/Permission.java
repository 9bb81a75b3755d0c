package org.ewstoken.store;

import java.util.Optional;

/**
 * The mailbox permission an add-in's manifest requests. Constants are declared weakest first, so
 * {@link #atLeast} is a plain ordinal comparison.
 */
public enum Permission {
    RESTRICTED("Restricted"),
    READ_ITEM("ReadItem"),
    READ_WRITE_ITEM("ReadWriteItem"),
    READ_WRITE_MAILBOX("ReadWriteMailbox");

    private final String wireName;

    Permission(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in add-in manifests and in the database, e.g. {@code ReadWriteItem}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name, ignoring case; empty for null or unknown names. */
    public static Optional<Permission> fromWire(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Permission p : values()) {
            if (p.wireName.equalsIgnoreCase(s)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** True if this permission grants everything {@code other} grants. */
    public boolean atLeast(Permission other) {
        return compareTo(other) >= 0;
    }
}
