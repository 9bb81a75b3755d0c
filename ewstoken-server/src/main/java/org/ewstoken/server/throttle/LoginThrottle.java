package org.ewstoken.server.throttle;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.store.AccountName;

/**
 * Failed sign-in throttling, per account, per client address and per account-and-address pair.
 *
 * <p>After {@code loginFailuresPerAccount} failures an account is locked for 1 s, then 2 s, 4 s...
 * up to {@code loginLockoutMax}; an address likewise after {@code loginFailuresPerAddress}. A locked
 * attempt is refused at once, without checking the password (no Argon2 work, no thread held), and
 * identically whether the account exists or not.
 *
 * <p>So that an attacker cannot lock a real user out, the account and address locks do not apply to
 * an address the account signed in from before (a <em>trusted pair</em>); such a pair is throttled
 * by its own failures only. Distinct passwords in flight at an account count as failures-to-be, so a
 * burst of parallel guesses gets no more tries than a sequence of them, while a client's burst of
 * requests with its one password is not held back.
 */
public final class LoginThrottle {

    /** How long a successful sign-in makes its address trusted for that account. */
    static final Duration TRUST_FOR = Duration.ofDays(30);
    private static final long RENEW_TRUST_AFTER_NANOS = 1_000_000_000L;
    private static final int MAX_ENTRIES = 100_000;
    private static final long PRUNE_EVERY_NANOS = 1_000_000_000L;

    private final ThrottlePolicy policy;
    private final LongSupplier nanoClock;
    private final ThrottleEvents events;
    private final Counters accounts;
    private final Counters addresses;
    private final Counters pairs;
    private final ConcurrentHashMap<String, Long> trusted = new ConcurrentHashMap<>();
    private final Observer observer;

    /** What a lock applies to. */
    public enum LockKind { ACCOUNT, ADDRESS, ACCOUNT_AT_ADDRESS }

    /** Told of failed sign-ins and of locks as they start (for the operator's log); must be quick and not throw. */
    public interface Observer {
        Observer NONE = new Observer() {
            @Override
            public void failed(String account, String address) {
            }

            @Override
            public void locked(LockKind kind, String key, Duration lockedFor, int failures) {
            }
        };

        /** A wrong password (or an unknown account) for {@code account} from {@code address}. */
        void failed(String account, String address);

        /** A lock started or was renewed; {@code key} is "account\naddress" for {@link LockKind#ACCOUNT_AT_ADDRESS}. */
        void locked(LockKind kind, String key, Duration lockedFor, int failures);
    }

    public LoginThrottle(ThrottlePolicy policy, LongSupplier nanoClock, ThrottleEvents events) {
        this(policy, nanoClock, events, Observer.NONE);
    }

    public LoginThrottle(ThrottlePolicy policy, LongSupplier nanoClock, ThrottleEvents events, Observer observer) {
        this.observer = observer;
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.events = events;
        this.accounts = new Counters(policy.loginFailuresPerAccount());
        this.addresses = new Counters(policy.loginFailuresPerAddress());
        this.pairs = new Counters(policy.loginFailuresPerAccount());
    }

    /**
     * Asks to check a password for {@code account} from {@code address}. When the answer is
     * {@link Attempt#allowed() allowed}, report the outcome on it exactly once.
     *
     * @param guess a keyed fingerprint of the password tried: parallel attempts with the same one (a
     *              client's burst of requests) are one guess, not many
     */
    public Attempt begin(AccountName account, String address, long guess) {
        long now = nanoClock.getAsLong();
        String a = account.value(); // canonical: no other spelling of the account gets its own allowance
        String ip = addressKey(address);
        String pair = a + '\n' + ip;
        Long trustedAt = trusted.get(pair);
        boolean isTrusted = trustedAt != null && now - trustedAt < TRUST_FOR.toNanos();
        Failures[] gates = isTrusted
                ? new Failures[] {pairs.get(pair, now)}
                : new Failures[] {pairs.get(pair, now), accounts.get(a, now), addresses.get(ip, now)};
        Counters[] owners = isTrusted ? new Counters[] {pairs} : new Counters[] {pairs, accounts, addresses};
        for (int i = 0; i < gates.length; i++) {
            // Only per account and pair: a shared address (a NAT, a proxy) may start many first sign-ins at once.
            long wait = gates[i].enter(now, owners[i].free, resetNanos(), !isTrusted && owners[i] != addresses, guess);
            if (wait > 0) {
                for (int j = 0; j < i; j++) gates[j].cancel(guess);
                events.record(ThrottleEvents.Kind.LOGIN_LOCKOUT);
                return new Attempt(a, ip, guess, gates[0], null, Duration.ofNanos(wait));
            }
        }
        return new Attempt(a, ip, guess, gates[0], isTrusted ? null : new Failures[] {gates[1], gates[2]}, Duration.ZERO);
    }

    private long resetNanos() {
        return policy.loginFailureReset().toNanos();
    }

    private long lockNanos(int over) {
        long first = ThrottlePolicy.FIRST_LOCKOUT.toNanos();
        long max = policy.loginLockoutMax().toNanos();
        return over >= 40 ? max : Math.min(max, first << over);
    }

    /** IPv6 clients are counted per /64, the smallest network one subscriber usually gets. */
    public static String addressKey(String address) {
        if (address == null || address.indexOf(':') < 0) return String.valueOf(address);
        try {
            byte[] b = InetAddress.getByName(address).getAddress(); // a literal: no name lookup
            if (b.length != 16) return address;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i += 2) sb.append(String.format("%02x%02x:", b[i], b[i + 1]));
            return sb.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** One password check; {@link #retryAfter()} is non-zero when it may not happen now. */
    public final class Attempt {
        private final String account;
        private final String address;
        private final String pair;
        private final long guess;
        private final Failures pairGate;
        private final Failures[] sharedGates;
        private final Duration retryAfter;
        private final AtomicBoolean reported = new AtomicBoolean();

        private Attempt(String account, String address, long guess, Failures pairGate, Failures[] sharedGates,
                        Duration retryAfter) {
            this.account = account;
            this.address = address;
            this.pair = account + '\n' + address;
            this.guess = guess;
            this.pairGate = pairGate;
            this.sharedGates = sharedGates;
            this.retryAfter = retryAfter;
        }

        public boolean allowed() {
            return retryAfter.isZero();
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** The password was right: the pair's failures are forgotten and the pair becomes trusted. */
        public void succeeded() {
            if (!allowed() || !reported.compareAndSet(false, true)) return;
            long now = nanoClock.getAsLong();
            pairGate.succeed(guess);
            if (sharedGates != null) for (Failures f : sharedGates) f.cancel(guess);
            // Renewed at most once a second: every request of a signed-in client succeeds here, and a write on
            // the one key of a busy client made its threads queue for the map's bin lock (30 days of trust
            // moved by under a second).
            Long since = trusted.get(pair);
            if (since == null || now - since >= RENEW_TRUST_AFTER_NANOS) trusted.put(pair, now);
            if (trusted.size() > MAX_ENTRIES) trusted.values().removeIf(t -> now - t >= TRUST_FOR.toNanos());
        }

        /** The check could not be made (the store failed, say): neither outcome is recorded. */
        public void abandoned() {
            if (!allowed() || !reported.compareAndSet(false, true)) return;
            pairGate.cancel(guess);
            if (sharedGates != null) for (Failures f : sharedGates) f.cancel(guess);
        }

        /**
         * The password was wrong (or the account does not exist).
         *
         * @return true if this failure locked the account: its remembered verifications should go
         */
        public boolean failed() {
            if (!allowed() || !reported.compareAndSet(false, true)) return false;
            long now = nanoClock.getAsLong();
            observer.failed(account, address);
            long pairLock = pairGate.fail(now, pairs.free, resetNanos(), guess);
            if (sharedGates == null) {
                // A trusted pair is throttled by its own failures only: its lock is the one to report.
                if (pairLock > 0) observer.locked(LockKind.ACCOUNT_AT_ADDRESS, pair, Duration.ofNanos(pairLock), pairGate.count());
                return false;
            }
            long accountLock = sharedGates[0].fail(now, accounts.free, resetNanos(), guess);
            long addressLock = sharedGates[1].fail(now, addresses.free, resetNanos(), guess);
            if (accountLock > 0) observer.locked(LockKind.ACCOUNT, account, Duration.ofNanos(accountLock), sharedGates[0].count());
            if (addressLock > 0) observer.locked(LockKind.ADDRESS, address, Duration.ofNanos(addressLock), sharedGates[1].count());
            return accountLock > 0;
        }
    }

    /** Failure records of one kind, bounded in number. */
    private final class Counters {
        final int free;
        private final ConcurrentHashMap<String, Failures> map = new ConcurrentHashMap<>();
        private final AtomicLong lastPrune = new AtomicLong(nanoClock.getAsLong());

        Counters(int free) {
            this.free = free;
        }

        Failures get(String key, long now) {
            Failures f = map.computeIfAbsent(key, k -> new Failures());
            long last = lastPrune.get();
            if (map.size() > MAX_ENTRIES && now - last > PRUNE_EVERY_NANOS && lastPrune.compareAndSet(last, now)) {
                // Only records that no longer restrict anyone go; locked ones stay however many there are.
                map.values().removeIf(x -> x.forgettable(now, resetNanos()));
            }
            return f;
        }
    }

    /** Failures of one account, address or pair, with the attempts still being checked. */
    private final class Failures {
        private int count;
        private int inFlight;
        /** Attempts in flight by guess: the same password tried in parallel is one guess. */
        private final Map<Long, Integer> guesses = new HashMap<>();
        private long lastFailure;
        private long lockedUntil;
        private boolean everLocked;

        /** 0 and counts the attempt in, or the nanoseconds to wait. */
        synchronized long enter(long now, int free, long reset, boolean limitInFlight, long guess) {
            forgetOld(now, reset);
            if (everLocked && lockedUntil - now > 0) return lockedUntil - now;
            // Untrusted guesses in flight are failures-to-be: never more distinct ones than failures still
            // allowed, and after a lockout one at a time. (A trusted client's parallel requests pass.)
            if (limitInFlight && !guesses.containsKey(guess) && guesses.size() >= Math.max(1, free - count)) {
                return ThrottlePolicy.FIRST_LOCKOUT.toNanos();
            }
            guesses.merge(guess, 1, Integer::sum);
            inFlight++;
            return 0;
        }

        synchronized void cancel(long guess) {
            leave(guess);
        }

        synchronized void succeed(long guess) {
            leave(guess);
            count = 0;
            everLocked = false;
        }

        /** Records a failure; the nanoseconds of the lockout it (re)started, or 0. */
        synchronized long fail(long now, int free, long reset, long guess) {
            leave(guess);
            forgetOld(now, reset);
            count++;
            lastFailure = now;
            if (count < free) return 0;
            long lock = lockNanos(count - free);
            lockedUntil = now + lock;
            everLocked = true;
            return lock;
        }

        synchronized int count() {
            return count;
        }

        synchronized boolean forgettable(long now, long reset) {
            return inFlight == 0 && (count == 0 || now - lastFailure > reset) && (!everLocked || now - lockedUntil >= 0);
        }

        private void leave(long guess) {
            inFlight--;
            guesses.computeIfPresent(guess, (g, n) -> n == 1 ? null : n - 1);
        }

        private void forgetOld(long now, long reset) {
            if (count > 0 && inFlight == 0 && now - lastFailure > reset && (!everLocked || now - lockedUntil >= 0)) {
                count = 0;
                everLocked = false;
            }
        }
    }
}
