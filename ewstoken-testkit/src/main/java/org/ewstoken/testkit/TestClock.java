package org.ewstoken.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one clock tests move by hand, so that "an hour later" needs no sleeping. Hand it to the code
 * under test wherever that takes a {@link Clock}; it is safe to read from the server's threads.
 */
public final class TestClock extends Clock {

    private volatile Instant now;

    private TestClock(Instant start) {
        this.now = start;
    }

    /** A clock standing at this instant. */
    public static TestClock at(Instant start) {
        return new TestClock(start);
    }

    /** A clock standing at this instant, written as in {@link Instant#parse}. */
    public static TestClock at(String start) {
        return at(Instant.parse(start));
    }

    /** A clock standing at the real time of the call (for code that also meets real certificates). */
    public static TestClock now() {
        return at(Instant.now());
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void set(Instant to) {
        now = to;
    }

    /**
     * This clock as a {@link System#nanoTime()}-like reading, for code that takes its time as a
     * {@code LongSupplier} of nanoseconds (the throttles): {@code clock::nanos}.
     */
    public long nanos() {
        Instant at = now;
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock: the code under test only ever asks for instants. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
