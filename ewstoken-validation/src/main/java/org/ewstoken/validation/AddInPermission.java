package org.ewstoken.validation;

import java.util.Optional;

/** The {@code perm} claim of a callback token: what the add-in's manifest allowed when it was issued. Weakest first. */
public enum AddInPermission {
    READ_ITEM("ReadItem"),
    READ_WRITE_ITEM("ReadWriteItem"),
    READ_WRITE_MAILBOX("ReadWriteMailbox");

    private final String wireName;

    AddInPermission(String wireName) {
        this.wireName = wireName;
    }

    /** As in manifests and tokens, e.g. {@code ReadWriteItem}. */
    public String wireName() {
        return wireName;
    }

    /** True if this permission grants everything {@code other} grants. */
    public boolean atLeast(AddInPermission other) {
        return compareTo(other) >= 0;
    }

    /** Exact wire name only: a token is machine-written, so {@code readitem} is not {@code ReadItem}. */
    public static Optional<AddInPermission> fromWire(String name) {
        for (AddInPermission p : values()) {
            if (p.wireName.equals(name)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
