package org.ewstoken.server.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.store.User;
import org.junit.jupiter.api.Test;

/** Per-user concurrency and token budget, on a hand-driven clock. */
class UserThrottleTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final ThrottleEvents events = new ThrottleEvents();

    private UserThrottle throttle(int concurrency, int burst, int perMinute) {
        return new UserThrottle(new ThrottlePolicy(concurrency, burst, perMinute, 5, 20, Duration.ofMinutes(5),
                Duration.ofMinutes(15)), now::get, events);
    }

    private static UserThrottle.Permit admitted(UserThrottle.Admission a) {
        assertThat(a).isInstanceOf(UserThrottle.Admitted.class);
        return ((UserThrottle.Admitted) a).permit();
    }

    @Test
    void concurrencyIsCappedPerUserAndFreedWhenARequestEnds() {
        UserThrottle t = throttle(2, 100, 60);
        UserThrottle.Permit first = admitted(t.admit("alice@contoso.com"));
        admitted(t.admit("ALICE@contoso.com"));

        assertThat(t.admit("alice@contoso.com")).isEqualTo(new UserThrottle.Busy(ThrottleEvents.Kind.USER_CONCURRENCY,
                UserThrottle.CONCURRENCY_BACK_OFF));
        admitted(t.admit("bob@contoso.com"));

        first.close();
        first.close(); // idempotent: frees one slot, not two
        admitted(t.admit("alice@contoso.com"));
        assertThat(t.admit("alice@contoso.com")).isInstanceOf(UserThrottle.Busy.class);
        assertThat(events.count(ThrottleEvents.Kind.USER_CONCURRENCY)).isEqualTo(2);
    }

    @Test
    void theBudgetAllowsABurstThenRechargesAtTheConfiguredRate() {
        UserThrottle t = throttle(27, 3, 60); // one token request a second
        for (int i = 0; i < 3; i++) admitted(t.admit("alice@contoso.com")).close();

        UserThrottle.Admission refused = t.admit("alice@contoso.com");
        assertThat(refused).isEqualTo(new UserThrottle.Busy(ThrottleEvents.Kind.USER_BUDGET, Duration.ofSeconds(1)));
        admitted(t.admit("bob@contoso.com")).close();

        now.addAndGet(Duration.ofMillis(1000).toNanos());
        admitted(t.admit("alice@contoso.com")).close();
        assertThat(events.count(ThrottleEvents.Kind.USER_BUDGET)).isEqualTo(1);
    }

    @Test
    void manyTokenRequestsInOneCallAreChargedAndWaitedOut() {
        UserThrottle t = throttle(27, 10, 60);
        User alice = User.external("alice@contoso.com", "Alice", UUID.randomUUID(), Instant.EPOCH);
        admitted(t.admit(alice)).close();
        t.charge(alice, 14); // a 15-token call: 5 into debt

        // The mailbox and the address as typed share one budget.
        UserThrottle.Busy busy = (UserThrottle.Busy) t.admit("Alice@Contoso.com");
        assertThat(busy.backOff()).isEqualTo(Duration.ofSeconds(6));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        admitted(t.admit("alice@contoso.com"));
    }
}
