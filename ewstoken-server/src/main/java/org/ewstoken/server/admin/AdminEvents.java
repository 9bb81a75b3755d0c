package org.ewstoken.server.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.ewstoken.store.AdminEvent;
import org.ewstoken.store.AdminStore;

/**
 * Records who changed what, when and from where, in the audit store (like Keycloak's admin events).
 *
 * @param clock the clock events are stamped with, which the services also stamp their changes with
 */
public record AdminEvents(AdminStore store, Clock clock) {

    public AdminEvents {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
    }

    public void record(Actor actor, String action, String target, String detail) {
        Instant at = clock.instant();
        store.append(new AdminEvent(timeOrdered(at), at, actor.name(), actor.remoteAddress(), action,
                target == null ? "" : target, detail == null ? "" : detail));
    }

    /** A version 7 UUID (RFC 9562): events sort by time within one millisecond too, mostly. */
    static UUID timeOrdered(Instant at) {
        long high = (at.toEpochMilli() << 16) | 0x7000L | (ThreadLocalRandom.current().nextLong() & 0x0FFFL);
        long low = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
