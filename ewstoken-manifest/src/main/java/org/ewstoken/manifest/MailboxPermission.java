package org.ewstoken.manifest;

import java.util.Optional;
import org.ewstoken.protocol.WireNames;

/** What a mail add-in may do with the mailbox, lowest first: the manifest's {@code Permissions}. */
public enum MailboxPermission {
    RESTRICTED("Restricted"),
    READ_ITEM("ReadItem"),
    READ_WRITE_ITEM("ReadWriteItem"),
    READ_WRITE_MAILBOX("ReadWriteMailbox");

    private static final WireNames<MailboxPermission> WIRE_NAMES =
            new WireNames<>(values(), MailboxPermission::wireName);

    private final String wireName;

    MailboxPermission(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling in XML manifests, e.g. {@code ReadWriteItem}. */
    public String wireName() {
        return wireName;
    }

    /** Exact match on the XML manifest spelling (the schema's enumeration is case-sensitive). */
    public static Optional<MailboxPermission> fromWire(String name) {
        return WIRE_NAMES.find(name);
    }

    /**
     * The unified JSON manifest's resource-specific permission names ({@code MailboxItem.Read.User} and so on),
     * mapped onto the XML levels.
     */
    static Optional<MailboxPermission> fromJsonPermission(String name) {
        return Optional.ofNullable(switch (name) {
            case "MailboxItem.Restricted.User" -> RESTRICTED;
            case "MailboxItem.Read.User" -> READ_ITEM;
            case "MailboxItem.ReadWrite.User" -> READ_WRITE_ITEM;
            case "Mailbox.ReadWrite.User" -> READ_WRITE_MAILBOX;
            default -> null;
        });
    }

    public boolean atLeast(MailboxPermission other) {
        return compareTo(other) >= 0;
    }
}
