package org.ewstoken.server.throttle;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every request the server turned away to protect itself, by reason, and tells listeners
 * (metrics, audit) as it happens. Listeners run on the request thread: keep them quick.
 */
public final class ThrottleEvents {

    public enum Kind {
        /** A user already had {@code user-max-concurrency} requests in progress. */
        USER_CONCURRENCY,
        /** A user's token bucket was empty. */
        USER_BUDGET,
        /** A sign-in was refused unchecked because the account, the address or the pair is locked. */
        LOGIN_LOCKOUT
    }

    /** Told of each event; must not throw. */
    @FunctionalInterface
    public interface Listener {
        void throttled(Kind kind);
    }

    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public ThrottleEvents() {
        for (Kind k : Kind.values()) counts.put(k, new LongAdder());
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** How many events of this kind happened since start. */
    public long count(Kind kind) {
        return counts.get(kind).sum();
    }

    void record(Kind kind) {
        counts.get(kind).increment();
        for (Listener l : listeners) l.throttled(kind);
    }
}
