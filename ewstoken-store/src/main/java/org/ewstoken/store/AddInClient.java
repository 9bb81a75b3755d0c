package org.ewstoken.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An add-in's back end as an OAuth client (migration V20): the client id is the add-in id.
 *
 * @param addInId         lowercase GUID
 * @param secretHash      the client secret's Argon2id hash, or null before one was made
 * @param backendAudience the {@code aud} of the access tokens it gets by token exchange, or null before one was set
 * @param updatedAt       last change, truncated to milliseconds
 */
public record AddInClient(String addInId, String secretHash, String backendAudience, Instant updatedAt) {

    public AddInClient {
        Values.requireText(addInId, "addInId");
        updatedAt = Values.millis(updatedAt, "updatedAt");
    }

    public Optional<String> secret() {
        return Optional.ofNullable(secretHash);
    }

    public Optional<String> audience() {
        return Optional.ofNullable(backendAudience);
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
        return "AddInClient[" + addInId + ", secret " + (secretHash == null ? "none" : "set") + ", audience "
                + backendAudience + "]";
    }
}
