package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.ewstoken.server.TestServer;
import org.ewstoken.store.Permission;
import org.ewstoken.testkit.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failed sign-ins over HTTP, from several loopback addresses (127.0.0.0/8 is all this machine):
 * locked attempts get a 429 with Retry-After that says nothing about the password, and an attacker
 * cannot lock a user out of the address it uses. The server's clock stands still, so a lock lasts
 * however slow the machine is. Which attempts cost password work (none when locked, the same for
 * unknown users as for wrong passwords) is counted in {@code BasicMethodTest}, not timed here.
 */
@Timeout(120)
class LoginThrottlingTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass().clock(TestClock.now());
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
        RawHttp.Response locked = signIn("127.0.0.2", "bob@contoso.com", TestServer.PASSWORD);

        assertThat(locked.status()).as("even the right password, from the attacker's address").isEqualTo(429);
        assertThat(locked.header("Retry-After")).isEqualTo("1");
        assertThat(locked.header("WWW-Authenticate")).isNull();
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
                RawHttp.Response r = signIn("127.0.4.1", name, TestServer.PASSWORD);
                assertThat(r.status()).as("[%s]", name).isEqualTo(401);
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
}
