package org.ewstoken.server.identity.ldap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.UUID;

/** The directory's immutable object ids as UUIDs. */
final class DirectoryIds {

    private DirectoryIds() {
    }

    /**
     * AD's objectGUID is 16 bytes in Microsoft's GUID layout: the first three fields little-endian,
     * the last eight bytes as they are. Converted so the UUID reads as AD tools print the GUID.
     */
    static Optional<UUID> fromObjectGuid(byte[] b) {
        if (b == null || b.length != 16) return Optional.empty();
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long d1 = le.getInt(0) & 0xffffffffL;
        long d2 = le.getShort(4) & 0xffffL;
        long d3 = le.getShort(6) & 0xffffL;
        long high = (d1 << 32) | (d2 << 16) | d3;
        long low = ByteBuffer.wrap(b, 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
        return Optional.of(new UUID(high, low));
    }

    /** The inverse of {@link #fromObjectGuid} (tests write AD-like entries with it). */
    static byte[] toObjectGuid(UUID id) {
        ByteBuffer out = ByteBuffer.allocate(16);
        long high = id.getMostSignificantBits();
        out.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (high >>> 32)).putShort((short) (high >>> 16)).putShort((short) high);
        out.order(ByteOrder.BIG_ENDIAN).putLong(id.getLeastSignificantBits());
        return out.array();
    }

    /** OpenLDAP's entryUUID (RFC 4530), a UUID string. */
    static Optional<UUID> fromEntryUuid(String s) {
        if (s == null) return Optional.empty();
        try {
            return Optional.of(UUID.fromString(s.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
