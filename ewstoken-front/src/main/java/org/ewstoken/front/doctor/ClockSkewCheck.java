package org.ewstoken.front.doctor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.ewstoken.front.UpstreamProbe;
import org.ewstoken.server.doctor.Check;
import org.ewstoken.server.doctor.Outcome;
import org.ewstoken.server.doctor.Problems;

/**
 * This machine's clock against the upstream's {@code Date}: tokens carry their validity in absolute times, and all
 * nodes switch signing keys at the same instant, so the machines must agree (NTP).
 */
record ClockSkewCheck(UpstreamProbe probe, Clock clock) implements Check.Probe {

    /** HTTP dates have whole seconds, and the answer takes a moment: less than this is agreement. */
    static final Duration MAX_SKEW = Duration.ofSeconds(30);

    @Override
    public Outcome run() throws InterruptedException {
        ContentResponse r;
        Instant before = clock.instant();
        try {
            r = probe.get();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return Outcome.fail("the upstream's clock cannot be read: " + Problems.describe(e), "see the upstream check");
        }
        Instant after = clock.instant();
        long date = r.getHeaders().getDateField(HttpHeader.DATE.asString());
        if (date < 0) return Outcome.skipped("the upstream's answer has no Date header");
        Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
        Duration skew = Duration.between(Instant.ofEpochMilli(date), middle);
        if (skew.abs().compareTo(MAX_SKEW) > 0) {
            return Outcome.fail("this clock is " + skew.abs().toSeconds() + " s " + (skew.isNegative() ? "behind" : "ahead of")
                    + " the upstream's", "synchronise both machines with NTP (e.g. systemd-timesyncd or chrony)");
        }
        return Outcome.ok("this clock and the upstream's agree within " + MAX_SKEW.toSeconds() + " s ("
                + skew.toMillis() + " ms)");
    }
}
