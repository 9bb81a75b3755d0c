package org.ewstoken.server.throttle;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A token bucket on a nanosecond clock: holds up to {@code capacity} tokens and refills continuously.
 * Charges after the fact may drive it into debt (as Exchange's budgets go "over budget"), which later
 * requests then wait out; the debt is capped at one full bucket.
 */
final class TokenBucket {

    /** The bucket's level at a moment; replaced whole by compare-and-set, so no request waits for a lock. */
    private record Level(double tokens, long updated) {}

    private final double capacity;
    private final double tokensPerNano;
    private final AtomicReference<Level> level;

    TokenBucket(int capacity, double tokensPerSecond, long now) {
        this.capacity = capacity;
        this.tokensPerNano = tokensPerSecond / 1e9;
        this.level = new AtomicReference<>(new Level(capacity, now));
    }

    /** Takes one token: 0 if there was one, else the nanoseconds until there will be. */
    long tryTake(long now) {
        while (true) {
            Level was = level.get();
            Level is = refilled(was, now);
            if (is.tokens() < 1) {
                if (is != was) level.compareAndSet(was, is); // only a refill: losing this race loses nothing
                return Math.max(1, (long) Math.ceil((1 - is.tokens()) / tokensPerNano));
            }
            if (level.compareAndSet(was, new Level(is.tokens() - 1, is.updated()))) return 0;
        }
    }

    /** Spends {@code n} more tokens, even ones the bucket does not have. */
    void charge(int n, long now) {
        while (true) {
            Level was = level.get();
            Level is = refilled(was, now);
            if (level.compareAndSet(was, new Level(Math.max(-capacity, is.tokens() - n), is.updated()))) return;
        }
    }

    boolean isFull(long now) {
        return refilled(level.get(), now).tokens() >= capacity;
    }

    private Level refilled(Level was, long now) {
        long elapsed = now - was.updated();
        return elapsed > 0 ? new Level(Math.min(capacity, was.tokens() + elapsed * tokensPerNano), now) : was;
    }
}
