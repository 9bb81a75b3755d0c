package org.ewstoken.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * That a callback token was presented at the EWS front, and what was decided. Never the token itself.
 *
 * @param id        unique id of the record
 * @param usedAt    when, truncated to milliseconds
 * @param node      the node-name of the server that decided
 * @param userSmtp  the token's mailbox, or "" when the token was not valid
 * @param addInId   the add-in, or ""
 * @param operation the EWS operation, or ""
 * @param itemId    the item asked for (or the token's item), or ""
 * @param verdict   {@code allowed} or {@code refused:<reason>}
 * @param tokenId   the token's jti or digest, or ""
 */
public record CallbackUse(UUID id, Instant usedAt, String node, String userSmtp, String addInId, String operation,
                          String itemId, String verdict, String tokenId) {

    public CallbackUse {
        Objects.requireNonNull(id, "id");
        usedAt = Values.millis(usedAt, "usedAt");
        Values.requireText(node, "node");
        userSmtp = Objects.requireNonNullElse(userSmtp, "");
        addInId = Objects.requireNonNullElse(addInId, "");
        operation = Objects.requireNonNullElse(operation, "");
        itemId = Objects.requireNonNullElse(itemId, "");
        Values.requireText(verdict, "verdict");
        tokenId = Objects.requireNonNullElse(tokenId, "");
    }
}
