package org.ewstoken.server.throttle;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator reads about sign-ins at the default level: failed sign-ins, summarised to at most
 * one line per account and address per minute (never a password: the throttle never sees one), and
 * lockouts when they start and when they end.
 *
 * <p>A lockout of an account or address is one episode however often it is renewed: the throttle
 * locks for 1 s, 2 s, 4 s... while guessing goes on, and the episode ends (one line) when its last
 * lock has run out and a further {@value #QUIET_SECONDS} s passed without a new one.
 */
public final class SignInLog implements LoginThrottle.Observer {

    private static final Logger LOG = LoggerFactory.getLogger(SignInLog.class);
    static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();
    static final int QUIET_SECONDS = 60;
    /** Beyond this many accounts and addresses tracked at once, further ones are counted together. */
    static final int MAX_TRACKED = 10_000;

    private final LongSupplier nanoClock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Map<String, Lockout> lockouts = new ConcurrentHashMap<>();
    private final AtomicLong untracked = new AtomicLong();
    private volatile long untrackedLogged;

    public SignInLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.untrackedLogged = nanoClock.getAsLong();
    }

    @Override
    public void failed(String account, String address) {
        long now = nanoClock.getAsLong();
        String key = account + " from " + address;
        Failures f = failures.get(key);
        if (f == null) {
            if (failures.size() >= MAX_TRACKED) {
                untracked.incrementAndGet();
                sweep();
                return;
            }
            f = failures.computeIfAbsent(key, k -> new Failures());
        }
        String line = f.failed(now);
        if (line != null) LOG.info("failed sign-in for {}{}", key, line);
    }

    @Override
    public void locked(LoginThrottle.LockKind kind, String key, Duration lockedFor, int failures) {
        long now = nanoClock.getAsLong();
        String who = switch (kind) {
            case ACCOUNT -> "account " + key;
            case ADDRESS -> "address " + key;
            case ACCOUNT_AT_ADDRESS -> "account " + key.replace("\n", " at address ");
        };
        boolean[] started = {false};
        lockouts.compute(who, (k, l) -> {
            if (l == null) {
                started[0] = true;
                l = new Lockout(now);
            }
            l.until = now + lockedFor.toNanos();
            l.failures = failures;
            return l;
        });
        if (started[0]) {
            LOG.warn("{} locked out after {} failed sign-ins; refused for {}, then longer with each further failure",
                    who, failures, human(lockedFor));
        }
    }

    /** Logs what waited: failures not yet reported and lockouts that ended. Call about once a second. */
    public void sweep() {
        long now = nanoClock.getAsLong();
        for (Iterator<Map.Entry<String, Failures>> it = failures.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Failures> e = it.next();
            String line = e.getValue().due(now);
            if (line != null) LOG.info("{} for {}", line, e.getKey());
            if (e.getValue().idle(now)) it.remove();
        }
        for (Iterator<Map.Entry<String, Lockout>> it = lockouts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Lockout> e = it.next();
            Lockout l = e.getValue();
            if (now - l.until > Duration.ofSeconds(QUIET_SECONDS).toNanos()) {
                it.remove();
                LOG.info("lockout of {} ended {} ago after {} (last failure count {})", e.getKey(),
                        human(Duration.ofNanos(now - l.until)), human(Duration.ofNanos(l.until - l.started)), l.failures);
            }
        }
        long n = untracked.get();
        if (n > 0 && now - untrackedLogged >= WINDOW_NANOS && untracked.compareAndSet(n, 0)) {
            untrackedLogged = now;
            LOG.warn("{} more failed sign-ins from further accounts and addresses (more than {} at once: an attack?)",
                    n, MAX_TRACKED);
        }
    }

    /** "45 s", "12 min", "3 h 5 min", "2 d 4 h": durations as an operator reads them in a log. */
    public static String human(Duration d) {
        long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
        if (s < 120) return s + " s";
        if (s < 7200) return (s / 60) + " min";
        if (s < 172800) return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }

    /** Failures of one account from one address: the first of a minute is logged, the rest counted. */
    private static final class Failures {
        private long lastLogged;
        private boolean everLogged;
        private int pending;

        synchronized String failed(long now) {
            if (everLogged && now - lastLogged < WINDOW_NANOS) {
                pending++;
                return null;
            }
            String more = pending == 0 ? "" : " (" + pending + " more before it in the last minute)";
            everLogged = true;
            lastLogged = now;
            pending = 0;
            return more;
        }

        synchronized String due(long now) {
            if (pending == 0 || now - lastLogged < WINDOW_NANOS) return null;
            String line = pending + " more failed sign-in" + (pending == 1 ? "" : "s") + " in the last minute";
            lastLogged = now;
            pending = 0;
            return line;
        }

        synchronized boolean idle(long now) {
            return pending == 0 && now - lastLogged >= WINDOW_NANOS;
        }
    }

    private static final class Lockout {
        final long started;
        volatile long until;
        volatile int failures;

        Lockout(long started) {
            this.started = started;
        }
    }
}
