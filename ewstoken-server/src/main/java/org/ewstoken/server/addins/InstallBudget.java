package org.ewstoken.server.addins;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How much one user may grow the database through InstallApp: at most {@code maxAddIns} installations
 * of their own, and at most {@code perHour} InstallApp calls in any hour (each call parses a manifest
 * and may write it, valid or not). Counted per canonical account name; forgotten when idle.
 */
final class InstallBudget {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int PRUNE_ABOVE = 10_000;

    private final int maxAddIns;
    private final int perHour;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Instant>> calls = new ConcurrentHashMap<>();

    InstallBudget(int maxAddIns, int perHour, Clock clock) {
        this.maxAddIns = maxAddIns;
        this.perHour = perHour;
        this.clock = clock;
    }

    int maxAddIns() {
        return maxAddIns;
    }

    /** Counts one call; false (and not counted) if the user made {@code perHour} in the last hour. */
    boolean tryCall(String account) {
        Instant now = clock.instant();
        if (calls.size() > PRUNE_ABOVE) {
            calls.values().removeIf(d -> {
                synchronized (d) {
                    return d.isEmpty() || d.peekLast().isBefore(now.minus(WINDOW));
                }
            });
        }
        Deque<Instant> mine = calls.computeIfAbsent(account, a -> new ArrayDeque<>());
        synchronized (mine) {
            while (!mine.isEmpty() && !mine.peekFirst().isAfter(now.minus(WINDOW))) mine.pollFirst();
            if (mine.size() >= perHour) return false;
            mine.addLast(now);
            return true;
        }
    }

    /** When the oldest call of the last hour leaves the window: the earliest the next one is allowed. */
    Duration retryAfter(String account) {
        Deque<Instant> mine = calls.get(account);
        if (mine == null) return Duration.ZERO;
        synchronized (mine) {
            Instant oldest = mine.peekFirst();
            return oldest == null ? Duration.ZERO : Duration.between(clock.instant(), oldest.plus(WINDOW));
        }
    }
}
