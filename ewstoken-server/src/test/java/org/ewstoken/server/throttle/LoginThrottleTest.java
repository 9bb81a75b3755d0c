package org.ewstoken.server.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.store.AccountName;
import org.junit.jupiter.api.Test;

/** The failed sign-in policy, on a hand-driven clock. */
class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** Each attempt a different password unless a test says otherwise. */
    private final AtomicLong guesses = new AtomicLong();
    private final ThrottleEvents events = new ThrottleEvents();
    private final LoginThrottle throttle = new LoginThrottle(
            new ThrottlePolicy(27, 300, 300, 5, 20, Duration.ofMinutes(5), Duration.ofMinutes(15)), now::get, events);

    /** Short names in the tests; the throttle takes canonical account names only. */
    private static AccountName name(String s) {
        return AccountName.of(s.contains("@") ? s : s + "@contoso.com");
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private boolean fail(String account, String address) {
        LoginThrottle.Attempt a = throttle.begin(name(account), address, guesses.incrementAndGet());
        assertThat(a.allowed()).as("attempt %s from %s allowed", account, address).isTrue();
        return a.failed();
    }

    private void succeed(String account, String address) {
        LoginThrottle.Attempt a = throttle.begin(name(account), address, guesses.incrementAndGet());
        assertThat(a.allowed()).isTrue();
        a.succeeded();
    }

    @Test
    void fiveFailuresAreFreeThenLockoutsStartAtOneSecondAndDoubleUpToTheMaximum() {
        for (int i = 1; i <= 4; i++) assertThat(fail("bob", "10.0.0.1")).isFalse();
        assertThat(fail("bob", "10.0.0.1")).as("the fifth failure locks the account").isTrue();

        List<Duration> lockouts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Duration wait = throttle.begin(name("bob"), "10.0.0.1", guesses.incrementAndGet()).retryAfter();
            lockouts.add(wait);
            advance(wait);
            fail("bob", "10.0.0.1");
        }

        assertThat(lockouts).startsWith(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16));
        assertThat(lockouts).last().isEqualTo(Duration.ofMinutes(5));
        assertThat(events.count(ThrottleEvents.Kind.LOGIN_LOCKOUT)).isEqualTo(12);
    }

    @Test
    void aLockedAttemptIsRefusedTheSameWayForAnAccountThatDoesNotExist() {
        for (int i = 0; i < 5; i++) {
            fail("bob@contoso.com", "10.0.0.1");
            fail("nobody@contoso.com", "10.0.0.2");
        }
        assertThat(throttle.begin(name("bob@contoso.com"), "10.0.0.3", guesses.incrementAndGet()).retryAfter())
                .isEqualTo(throttle.begin(name("nobody@contoso.com"), "10.0.0.4", guesses.incrementAndGet()).retryAfter())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAttackerElsewhereCannotLockTheUserOutOfAnAddressItSignedInFrom() {
        succeed("alice", "192.0.2.10");
        for (int i = 0; i < 30; i++) {
            LoginThrottle.Attempt a = throttle.begin(name("alice"), "203.0.113.66", guesses.incrementAndGet());
            if (a.allowed()) a.failed();
            advance(Duration.ofMillis(100));
        }

        assertThat(throttle.begin(name("alice"), "203.0.113.66", guesses.incrementAndGet()).allowed()).as("the attacker's address").isFalse();
        assertThat(throttle.begin(name("alice"), "198.51.100.7", guesses.incrementAndGet()).allowed()).as("another, unknown address").isFalse();
        assertThat(throttle.begin(name("alice"), "192.0.2.10", guesses.incrementAndGet()).allowed()).as("the user's own address").isTrue();
    }

    @Test
    void aTrustedAddressIsStillThrottledByItsOwnFailures() {
        succeed("alice", "192.0.2.10");
        for (int i = 0; i < 5; i++) fail("alice", "192.0.2.10");

        assertThat(throttle.begin(name("alice"), "192.0.2.10", guesses.incrementAndGet()).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void oneAddressSprayingManyAccountsIsLockedAfterTwentyFailures() {
        for (int i = 0; i < 20; i++) fail("user" + i, "10.9.9.9");

        LoginThrottle.Attempt next = throttle.begin(name("someone-new"), "10.9.9.9", guesses.incrementAndGet());
        assertThat(next.allowed()).isFalse();
        assertThat(throttle.begin(name("someone-new"), "10.9.9.8", guesses.incrementAndGet()).allowed()).as("from elsewhere").isTrue();
    }

    @Test
    void parallelGuessesGetNoMoreTriesThanSequentialOnes() {
        List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            LoginThrottle.Attempt a = throttle.begin(name("bob"), "10.0.0." + i, guesses.incrementAndGet()); // even from fifty addresses
            if (a.allowed()) inFlight.add(a);
        }
        assertThat(inFlight).hasSize(5);

        inFlight.forEach(LoginThrottle.Attempt::failed);
        assertThat(throttle.begin(name("bob"), "10.0.0.99", guesses.incrementAndGet()).allowed()).isFalse();
    }

    @Test
    void aClientsParallelRequestsWithItsOnePasswordAreOneGuessNotMany() {
        List<LoginThrottle.Attempt> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) burst.add(throttle.begin(name("carol"), "10.0.0.1", 42L));

        assertThat(burst).allMatch(LoginThrottle.Attempt::allowed);
        burst.forEach(LoginThrottle.Attempt::succeeded);
    }

    @Test
    void failuresAreForgottenAfterTheResetTimeWithoutNewOnes() {
        for (int i = 0; i < 4; i++) fail("bob", "10.0.0.1");
        advance(Duration.ofMinutes(16));
        for (int i = 0; i < 4; i++) assertThat(fail("bob", "10.0.0.1")).isFalse();

        assertThat(throttle.begin(name("bob"), "10.0.0.1", guesses.incrementAndGet()).allowed()).isTrue();
    }

    @Test
    void aSuccessForgetsThePairsFailuresAndAnAbandonedCheckCountsAsNothing() {
        for (int i = 0; i < 4; i++) fail("bob", "10.0.0.1");
        succeed("bob", "10.0.0.1");
        for (int i = 0; i < 4; i++) assertThat(fail("bob", "10.0.0.1")).isFalse();

        for (int i = 0; i < 10; i++) throttle.begin(name("carol"), "10.0.0.1", guesses.incrementAndGet()).abandoned();
        assertThat(throttle.begin(name("carol"), "10.0.0.1", guesses.incrementAndGet()).allowed()).isTrue();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        assertThat(LoginThrottle.addressKey("2001:db8:1:2:aaaa::1"))
                .isEqualTo(LoginThrottle.addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
                .isNotEqualTo(LoginThrottle.addressKey("2001:db8:1:3::1"));
        assertThat(LoginThrottle.addressKey("192.0.2.1")).isEqualTo("192.0.2.1");
    }
}
