package org.ewstoken.server.throttle;

/**
 * A token bucket on a nanosecond clock: holds up to {@code capacity} tokens and refills continuously.
 * Charges after the fact may drive it into debt (as Exchange's budgets go "over budget"), which later
 * requests then wait out; the debt is capped at one full bucket.
 */
final class TokenBucket {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long updated;

    TokenBucket(int capacity, double tokensPerSecond, long now) {
        this.capacity = capacity;
        this.tokensPerNano = tokensPerSecond / 1e9;
        this.tokens = capacity;
        this.updated = now;
    }

    /** Takes one token: 0 if there was one, else the nanoseconds until there will be. */
    synchronized long tryTake(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
    }

    /** Spends {@code n} more tokens, even ones the bucket does not have. */
    synchronized void charge(int n, long now) {
        refill(now);
        tokens = Math.max(-capacity, tokens - n);
    }

    synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        long elapsed = now - updated;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            updated = now;
        }
    }
}
