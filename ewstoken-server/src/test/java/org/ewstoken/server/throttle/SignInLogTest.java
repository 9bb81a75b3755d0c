package org.ewstoken.server.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.store.AccountName;
import org.ewstoken.testkit.ExpectedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's log of failed sign-ins and lockouts, on a hand-driven clock. */
class SignInLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong guesses = new AtomicLong();
    private final SignInLog log = new SignInLog(now::get);
    private final LoginThrottle throttle = new LoginThrottle(
            new ThrottlePolicy(27, 300, 300, 5, 20, Duration.ofMinutes(5), Duration.ofMinutes(15)), now::get,
            new ThrottleEvents(), log);
    private final ExpectedLogs logs = ExpectedLogs.capture(SignInLog.class);

    @AfterEach
    void release() {
        logs.close();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** A wrong password, if the throttle lets the attempt happen now. */
    private boolean fail(String account, String address) {
        LoginThrottle.Attempt a = throttle.begin(AccountName.of(account), address, guesses.incrementAndGet());
        if (!a.allowed()) return false;
        a.failed();
        return true;
    }

    @Test
    void failedSignInsAreOneLinePerAccountAndAddressPerMinuteWithTheRestCounted() {
        for (int i = 0; i < 3; i++) {
            fail("alice@contoso.com", "192.0.2.10");
            advance(Duration.ofSeconds(5));
        }
        fail("bob@contoso.com", "192.0.2.10");
        log.sweep();

        assertThat(logs.messages()).containsExactly(
                "INFO failed sign-in for alice@contoso.com from 192.0.2.10",
                "INFO failed sign-in for bob@contoso.com from 192.0.2.10");

        advance(Duration.ofSeconds(50));
        log.sweep();
        assertThat(logs.messages()).hasSize(3).last()
                .isEqualTo("INFO 2 more failed sign-ins in the last minute for alice@contoso.com from 192.0.2.10");

        advance(Duration.ofMinutes(2));
        log.sweep();
        fail("alice@contoso.com", "192.0.2.10");
        assertThat(logs.messages()).hasSize(4).last().isEqualTo("INFO failed sign-in for alice@contoso.com from 192.0.2.10");
    }

    @Test
    void aLockoutIsLoggedWhenItStartsAndOnceWhenItEndsHoweverOftenItIsRenewed() {
        for (int i = 0; i < 5; i++) fail("mallory@contoso.com", "203.0.113.5");
        assertThat(logs.messages()).contains("WARN account mallory@contoso.com locked out after 5 failed sign-ins;"
                + " refused for 1 s, then longer with each further failure");

        // Guessing goes on as the locks allow: 1 s, 2 s, 4 s... each renewal is the same lockout.
        for (int i = 0; i < 6; i++) {
            advance(Duration.ofSeconds(1L << i));
            assertThat(fail("mallory@contoso.com", "203.0.113.5")).isTrue();
            log.sweep();
        }
        assertThat(logs.messages()).filteredOn(m -> m.contains("locked out")).hasSize(1);
        assertThat(logs.messages()).noneMatch(m -> m.contains("ended"));

        advance(Duration.ofSeconds(64 + 61)); // the last lock (64 s) runs out, then a quiet minute
        log.sweep();
        assertThat(logs.messages()).filteredOn(m -> m.contains("ended")).singleElement().asString()
                .startsWith("INFO lockout of account mallory@contoso.com ended 61 s ago after 2 min");
    }

    @Test
    void anAddressGuessingAtManyAccountsIsLockedOutAsAnAddress() {
        for (int i = 0; i < 20; i++) fail("user" + i + "@contoso.com", "198.51.100.7");
        assertThat(logs.messages()).contains("WARN address 198.51.100.7 locked out after 20 failed sign-ins;"
                + " refused for 1 s, then longer with each further failure");
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertThat(SignInLog.human(Duration.ofMillis(400))).isEqualTo("0 s");
        assertThat(SignInLog.human(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(SignInLog.human(Duration.ofMinutes(12))).isEqualTo("12 min");
        assertThat(SignInLog.human(Duration.ofMinutes(185))).isEqualTo("3 h 5 min");
        assertThat(SignInLog.human(Duration.ofHours(52))).isEqualTo("2 d 4 h");
    }
}
