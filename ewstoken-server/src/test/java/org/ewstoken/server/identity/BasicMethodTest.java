package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ewstoken.server.auth.PasswordHasher;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.server.throttle.LoginThrottle;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.ewstoken.store.AccountName;
import org.ewstoken.store.User;
import org.ewstoken.testkit.Credentials;
import org.ewstoken.testkit.TestClock;
import org.junit.jupiter.api.Test;

/**
 * Which sign-ins cost password work: the Argon2 checks are counted, not timed. A locked attempt and a
 * name that can never be a mailbox cost none; an unknown account costs one decoy check, exactly as a
 * wrong password costs one real check (the decoy hash is made by the same hasher, so at the same cost).
 */
class BasicMethodTest {

    static final String BOB = "bob@contoso.com";
    static final String PASSWORD = "correct horse battery";

    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final PasswordHasher hasher = new PasswordHasher(1024, 1);
    private final Map<String, User> users = Map.of(BOB, new User(BOB, "Bob", UUID.randomUUID(),
            hasher.hash(PASSWORD.toCharArray()), Instant.parse("2026-01-01T00:00:00Z")));
    private final Counted passwords = new Counted(new LocalPasswordCheck(
            smtp -> Optional.ofNullable(users.get(smtp)), hasher, new KeyedDigest(), Duration.ofMinutes(5), clock::nanos));
    private final BasicMethod basic = new BasicMethod(passwords, new LoginThrottle(
            new ThrottlePolicy(27, 300, 300, 5, 20, Duration.ofMinutes(5), Duration.ofMinutes(15)), clock::nanos,
            new ThrottleEvents()), new KeyedDigest(), "contoso");

    /** The real local check, with each call to it written down. */
    private static final class Counted implements PasswordCheck {
        final List<String> calls = new ArrayList<>();
        private final PasswordCheck real;

        Counted(PasswordCheck real) {
            this.real = real;
        }

        @Override
        public Verdict check(AccountName account, char[] password) {
            Verdict v = real.check(account, password);
            calls.add("check " + account.value() + " " + v.getClass().getSimpleName());
            return v;
        }

        @Override
        public Verdict checkAtOnce(AccountName account, char[] password) {
            Verdict v = real.checkAtOnce(account, password);
            calls.add("at once " + account.value() + " " + (v == null ? "waits" : v.getClass().getSimpleName()));
            return v;
        }

        @Override
        public void decoy(char[] password) {
            calls.add("decoy");
            real.decoy(password);
        }

        @Override
        public void forget(AccountName account) {
            real.forget(account);
        }
    }

    private SignInResult signIn(String from, String user, String password) {
        return basic.signIn(SignInRequest.of(Credentials.basic(user, password), from));
    }

    @Test
    void aLockedAccountIsRefusedWithoutAnyPasswordCheckEvenForTheRightPassword() {
        for (int i = 0; i < 5; i++) signIn("192.0.2.2", BOB, "guess" + i);
        passwords.calls.clear();

        SignInResult locked = signIn("192.0.2.2", BOB, PASSWORD);

        assertThat(locked).isInstanceOf(SignInResult.LockedOut.class);
        assertThat(passwords.calls).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(signIn("192.0.2.2", BOB, PASSWORD)).as("once the lock ran out").isInstanceOf(SignInResult.SignedIn.class);
        assertThat(passwords.calls).containsExactly("check bob@contoso.com Valid");
    }

    @Test
    void aNameThatCanNeverBeAMailboxCostsNoPasswordCheck() {
        for (String name : new String[] {"bob@contoso.com\u0000", "bo\u200bb@contoso.com", "bob", "bob@contoso.com@x"}) {
            assertThat(signIn("192.0.2.3", name, PASSWORD)).as("[%s]", name).isEqualTo(SignInResult.REFUSED);
        }
        assertThat(passwords.calls).isEmpty();
    }

    @Test
    void anUnknownAccountCostsOneDecoyCheckAsAWrongPasswordCostsOneRealCheck() {
        assertThat(signIn("192.0.2.4", BOB, "not-the-password")).isEqualTo(SignInResult.REFUSED);
        assertThat(signIn("192.0.2.5", "absent@contoso.com", "not-the-password")).isEqualTo(SignInResult.REFUSED);

        assertThat(passwords.calls).containsExactly(
                "check bob@contoso.com Invalid",
                "check absent@contoso.com Unknown", "decoy");
    }

    @Test
    void atOnceOnlyARememberedVerificationSignsInAndAWaitingAttemptIsNoFailedGuess() {
        SignInRequest right = SignInRequest.of(Credentials.basic(BOB, PASSWORD), "192.0.2.6");
        for (int i = 0; i < 10; i++) {
            SignInRequest wrong = SignInRequest.of(Credentials.basic(BOB, "guess" + i), "192.0.2.6");
            assertThat(basic.signInAtOnce(wrong)).isEqualTo(SignInResult.WOULD_WAIT);
        }
        assertThat(basic.signInAtOnce(right)).as("not verified yet").isEqualTo(SignInResult.WOULD_WAIT);

        assertThat(basic.signIn(right)).as("ten waiting guesses locked nothing").isInstanceOf(SignInResult.SignedIn.class);
        assertThat(basic.signInAtOnce(right)).isInstanceOf(SignInResult.SignedIn.class);
        assertThat(passwords.calls.subList(0, 11)).as("no password work before the real sign-in")
                .containsOnly("at once bob@contoso.com waits");
        assertThat(passwords.calls.subList(11, passwords.calls.size()))
                .containsExactly("check bob@contoso.com Valid", "at once bob@contoso.com Valid");
    }

    @Test
    void atOnceAnUnknownAccountWaitsForItsDecoyAndAFormSignInAlwaysWaits() {
        assertThat(basic.signInAtOnce(SignInRequest.of(Credentials.basic("absent@contoso.com", PASSWORD), "192.0.2.7")))
                .isEqualTo(SignInResult.WOULD_WAIT);
        assertThat(basic.signIn(SignInRequest.of(Credentials.basic(BOB, PASSWORD), "192.0.2.7")))
                .isInstanceOf(SignInResult.SignedIn.class);
        assertThat(basic.signInAtOnce(SignInRequest.typed(BOB, PASSWORD.toCharArray(), "192.0.2.7", "/console/sign-in")))
                .isEqualTo(SignInResult.WOULD_WAIT);
        assertThat(passwords.calls).doesNotContain("decoy");
    }
}
