package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failed sign-ins over HTTP, from several loopback addresses (127.0.0.0/8 is all this machine):
 * locked attempts get a quick 429 with Retry-After that says nothing about the password, an
 * attacker cannot lock a user out of the address it uses, and unknown users cost what wrong
 * passwords cost.
 */
@Timeout(120)
class LoginThrottlingTest {

    /** A real Argon2 cost, so that a missing decoy check would show in the timings. */
    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(
            CoreSettings.ARGON2_MEMORY_KIB, "16384", CoreSettings.ARGON2_ITERATIONS, "2"));
    static final byte[] envelope = HostileCases.validBody();

    @BeforeAll
    static void crm() throws Exception {
        server.addAddIn(TestServer.CRM, Permission.READ_ITEM, "https://crm.example/read.html", Set.of(), true, null);
    }

    private static RawHttp.Response signIn(String from, String user, String password) throws Exception {
        return RawHttp.exchange(from, server.server().port(), RawHttp.post("/EWS/Exchange.asmx", envelope,
                RawHttp.basic(user, password), HostileCases.XML), Duration.ofSeconds(20));
    }

    @Test
    void afterFiveFailuresTheAccountIsLockedForOtherAddressesButNotForTheUsersOwn() throws Exception {
        server.addUser("bob@contoso.com");
        assertThat(signIn("127.0.0.1", "bob@contoso.com", TestServer.PASSWORD).status()).isEqualTo(200);

        for (int i = 0; i < 5; i++) {
            assertThat(signIn("127.0.0.2", "bob@contoso.com", "guess" + i).status()).isEqualTo(401);
        }
        long started = System.nanoTime();
        RawHttp.Response locked = signIn("127.0.0.2", "bob@contoso.com", TestServer.PASSWORD);
        long lockedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(locked.status()).as("even the right password, from the attacker's address").isEqualTo(429);
        assertThat(locked.header("Retry-After")).isEqualTo("1");
        assertThat(locked.header("WWW-Authenticate")).isNull();
        assertThat(lockedMillis).as("answered at once, no password work").isLessThan(1000);
        assertThat(signIn("127.0.0.3", "bob@contoso.com", TestServer.PASSWORD).status()).as("a third address").isEqualTo(429);
        assertThat(signIn("127.0.0.1", "bob@contoso.com", TestServer.PASSWORD).status()).as("bob's own address").isEqualTo(200);
    }

    @Test
    void anUnknownAccountIsLockedExactlyAsAKnownOne() throws Exception {
        server.addUser("carol@contoso.com");
        for (int i = 0; i < 5; i++) {
            signIn("127.0.0.4", "carol@contoso.com", "guess" + i);
            signIn("127.0.0.5", "ghost@contoso.com", "guess" + i);
        }
        RawHttp.Response known = signIn("127.0.0.6", "carol@contoso.com", "guess");
        RawHttp.Response unknown = signIn("127.0.0.6", "ghost@contoso.com", "guess");

        assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(429);
        assertThat(known.text()).isEqualTo(unknown.text());
        assertThat(known.header("Retry-After")).isEqualTo(unknown.header("Retry-After"));
    }

    @Test
    void everySpellingOfAnAccountSharesItsOneLockoutAllowance() throws Exception {
        server.addUser("dave@contoso.com");
        // Each failure from its own address, so that only the per-account count can lock.
        String[] spellings = {"dave@contoso.com", " dave@contoso.com", "DAVE@contoso.com ", "Dave@Contoso.Com  ",
            "\uff44ave@contoso.com"};
        int address = 10;
        for (String spelling : spellings) {
            assertThat(signIn("127.0.3." + address++, spelling, "wrong").status()).as("[%s]", spelling).isIn(401);
        }
        assertThat(signIn("127.0.3." + address++, "dave@contoso.com", TestServer.PASSWORD).status())
                .as("the account, locked after five failures under five spellings").isEqualTo(429);
        assertThat(signIn("127.0.3." + address, "dAVE@CONTOSO.COM ", TestServer.PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void aNameThatCanNeverBeAMailboxIsRefusedWithoutPasswordWorkOrLockout() throws Exception {
        server.addUser("erin@contoso.com");
        String[] hostile = {"erin@contoso.com\u0000", "\u0000erin@contoso.com", "erin@contoso.com\r\n",
            "er\u200bin@contoso.com", "erin\u0000@contoso.com", "erin", "erin@contoso.com@x", "\terin@contoso.com"};
        for (int round = 0; round < 2; round++) {
            for (String name : hostile) {
                long started = System.nanoTime();
                RawHttp.Response r = signIn("127.0.4.1", name, TestServer.PASSWORD);
                assertThat(r.status()).as("[%s]", name).isEqualTo(401);
                assertThat((System.nanoTime() - started) / 1_000_000).as("no Argon2 for [%s]", name).isLessThan(1000);
            }
        }
        // Sixteen refusals counted against nobody: neither the account nor the address is locked.
        assertThat(signIn("127.0.4.1", "erin@contoso.com", TestServer.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void anAddressSprayingManyAccountsIsLockedAfterTwentyFailures() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(signIn("127.0.0.7", "spray" + i + "@contoso.com", "Winter2024!").status()).isEqualTo(401);
        }
        assertThat(signIn("127.0.0.7", "spray-next@contoso.com", "Winter2024!").status()).isEqualTo(429);
        assertThat(signIn("127.0.0.8", "spray-next@contoso.com", "Winter2024!").status()).as("elsewhere").isEqualTo(401);
    }

    @Test
    void anUnknownUserCostsWhatAWrongPasswordCosts() throws Exception {
        List<Long> wrong = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            server.addUser("timing" + i + "@contoso.com");
            // Each on its own account and address: nothing is throttled, every attempt does the full check.
            wrong.add(timed("127.0.1." + (i + 1), "timing" + i + "@contoso.com"));
            unknown.add(timed("127.0.2." + (i + 1), "absent" + i + "@contoso.com"));
        }
        long w = median(wrong);
        long u = median(unknown);

        assertThat(w).as("a wrong password costs a real Argon2 check (ms)").isGreaterThanOrEqualTo(5);
        assertThat((double) u / w).as("unknown user / wrong password, medians %d / %d ms", u, w).isBetween(0.5, 2.0);
    }

    private static long timed(String from, String user) throws Exception {
        long started = System.nanoTime();
        assertThat(signIn(from, user, "not-the-password").status()).isEqualTo(401);
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
