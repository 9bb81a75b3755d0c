package org.ewstoken.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An administrative change, like Keycloak's admin events: who changed what, when, from where.
 *
 * @param id unique, time-ordered id
 * @param at when, truncated to milliseconds
 * @param actor an administrator's address, or {@code cli:<os user>} for the command line
 * @param remoteAddress the client's address, or {@code local} for the command line
 * @param action a dotted verb such as {@code user.add}, {@code addin.disable}, {@code key.rotate}
 * @param target what changed: an address, an add-in id, a key id
 * @param detail a short summary for people; never a secret
 */
public record AdminEvent(UUID id, Instant at, String actor, String remoteAddress, String action, String target,
                         String detail) {

    public AdminEvent {
        Objects.requireNonNull(id, "id");
        at = Values.millis(at, "at");
        Values.requireText(actor, "actor");
        Values.requireText(remoteAddress, "remoteAddress");
        Values.requireText(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(detail, "detail");
    }
}
