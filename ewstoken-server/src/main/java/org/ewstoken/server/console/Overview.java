package org.ewstoken.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.ewstoken.server.admin.KeyAdmin;
import org.ewstoken.server.doctor.Finding;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.ewstoken.store.AuditLog;
import org.ewstoken.store.Store;

/** What the overview page shows: health, tokens per minute by type, throttling and lockouts, warnings. */
final class Overview implements ThrottleEvents.Listener {

    static final Duration KEY_EXPIRY_WARNING = Duration.ofDays(30);
    private static final int RECENT = 50;

    record ThrottleEvent(String at, String kind) {}

    record Minute(String minute, Map<String, Long> counts) {}

    /** The doctor's checks (docs/deployment.md, "ewstoken doctor"), as the admin API returns them. */
    record Checks(boolean passed, List<CheckRow> checks) {}

    record CheckRow(String name, String status, String detail, String fix) {}

    record Data(boolean storeHealthy, String signingKeyId, String node, List<Minute> lastHour,
                Map<String, Long> throttling, List<ThrottleEvent> recentThrottling, List<String> warnings,
                long auditRecordsDropped) {}

    private final Store store;
    private final AuditLog audit;
    private final KeyAdmin keys;
    private final ThrottleEvents throttle;
    private final LongSupplier auditDropped;
    private final String node;
    private final Clock clock;
    private final Deque<ThrottleEvent> recent = new ArrayDeque<>();
    private final Function<Optional<String>, List<Finding>> doctor;

    Overview(Store store, AuditLog audit, KeyAdmin keys, ThrottleEvents throttle, LongSupplier auditDropped,
             String node, Clock clock, Function<Optional<String>, List<Finding>> doctor) {
        this.doctor = doctor;
        this.store = store;
        this.audit = audit;
        this.keys = keys;
        this.throttle = throttle;
        this.auditDropped = auditDropped;
        this.node = node;
        this.clock = clock;
        throttle.addListener(this);
    }

    @Override
    public void throttled(ThrottleEvents.Kind kind) {
        synchronized (recent) {
            if (recent.size() >= RECENT) recent.removeLast();
            recent.addFirst(new ThrottleEvent(clock.instant().toString(), kind.name()));
        }
    }

    /** Runs the same checks as {@code ewstoken doctor}, {@code mailbox} (may be null) as its --mailbox. */
    Checks checks(String mailbox) {
        if (mailbox != null && (mailbox.length() > 320 || mailbox.chars().anyMatch(Character::isISOControl))) {
            throw new Web.Problem(400, "Bad Request", "mailbox must be an e-mail address");
        }
        List<Finding> findings = doctor.apply(Optional.ofNullable(mailbox));
        return new Checks(findings.stream().noneMatch(Finding::failed), findings.stream().map(f -> new CheckRow(f.check(),
                f.outcome().status().name(), f.outcome().detail(), f.outcome().fix())).toList());
    }

    Data data() {
        Instant now = clock.instant();
        Instant from = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(59));
        List<String> warnings = new ArrayList<>();
        boolean healthy = store.isHealthy();
        if (!healthy) warnings.add("The store does not answer: token requests fail until it is back.");
        Map<Instant, Map<String, Long>> byMinute = new TreeMap<>();
        for (int i = 0; i < 60; i++) byMinute.put(from.plus(Duration.ofMinutes(i)), new TreeMap<>());
        try {
            for (AuditLog.MinuteCount c : audit.perMinute(from)) {
                Map<String, Long> m = byMinute.get(c.minute());
                if (m != null) m.merge(c.tokenType(), c.count(), Long::sum);
            }
        } catch (RuntimeException e) {
            warnings.add("The audit log cannot be read: " + e.getMessage());
        }
        List<Minute> minutes = new ArrayList<>();
        byMinute.forEach((t, m) -> minutes.add(new Minute(t.toString(), m)));
        for (KeyRing.KeyStatus k : keys.list()) {
            boolean live = k.state() == KeyRing.State.SIGNING || k.state() == KeyRing.State.PENDING;
            if (live && k.certificateNotAfter() != null && k.certificateNotAfter().isBefore(now.plus(KEY_EXPIRY_WARNING))) {
                warnings.add("The certificate of signing key " + k.keyId() + " expires at " + k.certificateNotAfter()
                        + ": rotate or import a key before then.");
            }
        }
        long dropped = auditDropped.getAsLong();
        if (dropped > 0) warnings.add(dropped + " audit records were dropped because the database was too slow or down.");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ThrottleEvents.Kind k : ThrottleEvents.Kind.values()) counts.put(k.name(), throttle.count(k));
        List<ThrottleEvent> last;
        synchronized (recent) {
            last = List.copyOf(recent);
        }
        return new Data(healthy, keys.signingKeyId(), node, minutes, counts, last, warnings, dropped);
    }
}
