package org.ewstoken.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * That a token was issued: to whom, for which add-in, of which type, signed by which key, valid
 * until when, by which node. Never the token itself.
 *
 * @param id unique id of the record
 * @param issuedAt when, truncated to milliseconds (the store's precision)
 * @param node the node-name of the server that issued it
 * @param userSmtp the caller's SMTP address
 * @param addInId the add-in's GUID
 * @param tokenType the token type's wire name, e.g. {@code CallerIdentity}
 * @param keyId the signing key's x5t
 * @param expiresAt the token's expiry, truncated to milliseconds
 */
public record AuditRecord(UUID id, Instant issuedAt, String node, String userSmtp, String addInId,
                          String tokenType, String keyId, Instant expiresAt) {

    public AuditRecord {
        Objects.requireNonNull(id, "id");
        issuedAt = Values.millis(issuedAt, "issuedAt");
        Values.requireText(node, "node");
        Values.requireText(userSmtp, "userSmtp");
        Values.requireText(addInId, "addInId");
        Values.requireText(tokenType, "tokenType");
        Values.requireText(keyId, "keyId");
        expiresAt = Values.millis(expiresAt, "expiresAt");
    }
}
