package org.ewstoken.server.throttle;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.store.AccountName;
import org.ewstoken.store.User;

/**
 * Exchange's per-user EWS throttling: a cap on the requests one user has in progress
 * (EWSMaxConcurrency) and a token bucket of TokenRequests (burst and recharge rate). A user over
 * either gets ErrorServerBusy with a back-off hint, and no other user notices.
 */
public final class UserThrottle {

    /** The hint for a concurrency refusal: about one request's time, so the client retries soon. */
    static final Duration CONCURRENCY_BACK_OFF = Duration.ofMillis(500);
    private static final int PRUNE_ABOVE = 10_000;

    /** What {@link #admit} decided. */
    public sealed interface Admission permits Admitted, Busy {}

    /** Admitted: close the permit when the request is finished (idempotent). */
    public record Admitted(Permit permit) implements Admission {}

    /** Refused: answer ErrorServerBusy with this back-off. */
    public record Busy(ThrottleEvents.Kind reason, Duration backOff) implements Admission {}

    private final ThrottlePolicy policy;
    private final LongSupplier nanoClock;
    private final ThrottleEvents events;
    private final ConcurrentHashMap<String, UserState> users = new ConcurrentHashMap<>();

    public UserThrottle(ThrottlePolicy policy, LongSupplier nanoClock, ThrottleEvents events) {
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.events = events;
    }

    /** Admits one request of {@code user}, which costs one token request of its budget. */
    public Admission admit(String user) {
        return admitKey(key(user));
    }

    /** {@link #admit(String)} for a stored mailbox, whose address is already canonical: no parse per request. */
    public Admission admit(User user) {
        return admitKey(user.smtpAddress());
    }

    private Admission admitKey(String key) {
        long now = nanoClock.getAsLong();
        UserState state = users.computeIfAbsent(key, k -> new UserState(
                new TokenBucket(policy.userBurst(), policy.userRechargePerMinute() / 60.0, now)));
        if (!state.enter(policy.userMaxConcurrency())) {
            events.record(ThrottleEvents.Kind.USER_CONCURRENCY);
            return new Busy(ThrottleEvents.Kind.USER_CONCURRENCY, CONCURRENCY_BACK_OFF);
        }
        long wait = state.bucket.tryTake(now);
        if (wait > 0) {
            state.leave();
            events.record(ThrottleEvents.Kind.USER_BUDGET);
            return new Busy(ThrottleEvents.Kind.USER_BUDGET, Duration.ofMillis(Math.max(1, (wait + 999_999) / 1_000_000)));
        }
        if (users.size() > PRUNE_ABOVE) prune(now);
        return new Admitted(new Permit(state));
    }

    /** Charges {@code tokenRequests} more against the user's budget once the request is known (may go into debt). */
    public void charge(User user, int tokenRequests) {
        if (tokenRequests <= 0) return; // a call of one TokenRequest paid on admission
        UserState state = users.get(user.smtpAddress()); // a stored mailbox's address is canonical
        if (state != null) state.bucket.charge(tokenRequests, nanoClock.getAsLong());
    }

    /** Forgets users that are idle with a full budget: they would start afresh anyway. */
    private void prune(long now) {
        users.values().removeIf(s -> s.idle() && s.bucket.isFull(now));
    }

    /** The canonical {@link AccountName}. */
    private static String key(String user) {
        return AccountName.canonical(user);
    }

    /** One admitted request; releases its concurrency slot once. */
    public static final class Permit implements AutoCloseable {
        private final UserState state;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit(UserState state) {
            this.state = state;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) state.leave();
        }
    }

    /** Lock-free: every request of a user passes here twice, and a lock holder preempted on a busy core stalled them all. */
    private static final class UserState {
        final TokenBucket bucket;
        private final AtomicInteger inFlight = new AtomicInteger();

        UserState(TokenBucket bucket) {
            this.bucket = bucket;
        }

        boolean enter(int max) {
            int n;
            do {
                n = inFlight.get();
                if (n >= max) return false;
            } while (!inFlight.compareAndSet(n, n + 1));
            return true;
        }

        void leave() {
            inFlight.decrementAndGet();
        }

        boolean idle() {
            return inFlight.get() == 0;
        }
    }
}
