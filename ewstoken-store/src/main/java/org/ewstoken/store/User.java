package org.ewstoken.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A mailbox that may ask for tokens.
 *
 * @param smtpAddress primary SMTP address; lowercased on construction because lookups ignore case
 * @param displayName shown in tokens and UIs
 * @param exchangeUid the stable {@code msexchuid} claim, assigned once at creation
 * @param passwordHash opaque encoded password hash (made by the server); never printed. Null for a
 *     mailbox whose user signs in elsewhere (a directory, Kerberos, an identity provider): no password
 *     ever verifies against it here
 * @param createdAt creation time, truncated to milliseconds (the store's precision)
 */
public record User(String smtpAddress, String displayName, UUID exchangeUid, String passwordHash,
                   Instant createdAt) {

    public User {
        smtpAddress = Values.smtp(smtpAddress, "smtpAddress");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(exchangeUid, "exchangeUid");
        if (passwordHash != null) Values.requireText(passwordHash, "passwordHash");
        createdAt = Values.millis(createdAt, "createdAt");
    }

    /**
     * A mailbox created at its user's first sign-in through a directory or identity provider: no local
     * password, and the source's immutable id as the {@code msexchuid}, so that it survives renames.
     */
    public static User external(String smtpAddress, String displayName, UUID exchangeUid, Instant createdAt) {
        return new User(smtpAddress, displayName, exchangeUid, null, createdAt);
    }

    /** True when a local password can sign this user in. */
    public boolean hasPassword() {
        return passwordHash != null;
    }

    /** A copy with another password hash. */
    public User withPasswordHash(String newHash) {
        return new User(smtpAddress, displayName, exchangeUid, newHash, createdAt);
    }

    /** Leaves out the password hash: records end up in logs. */
    @Override
    public String toString() {
        return "User[smtpAddress=" + smtpAddress + ", displayName=" + displayName
                + ", exchangeUid=" + exchangeUid + ", createdAt=" + createdAt + "]";
    }
}
