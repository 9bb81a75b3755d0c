package org.ewstoken.store;

import java.time.Instant;

/**
 * An administrator's API key as stored: its public id and a hash of its secret, never the secret.
 *
 * @param id the public part, shown in lists and sent before the secret
 * @param name what the administrator called it
 * @param ownerSmtp the administrator whose rights it carries (while they stay an administrator)
 * @param secretHash SHA-256 of the secret, base64url
 * @param createdAt when it was made, truncated to milliseconds
 */
public record ApiKey(String id, String name, String ownerSmtp, String secretHash, Instant createdAt) {

    public ApiKey {
        Values.requireText(id, "id");
        Values.requireText(name, "name");
        ownerSmtp = Values.smtp(ownerSmtp, "ownerSmtp");
        Values.requireText(secretHash, "secretHash");
        createdAt = Values.millis(createdAt, "createdAt");
    }

    /** Leaves out the hash: records end up in logs. */
    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", name=" + name + ", ownerSmtp=" + ownerSmtp + ", createdAt=" + createdAt + "]";
    }
}
