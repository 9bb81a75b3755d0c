package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.Envelopes.getClientAccessToken;
import static org.ewstoken.server.Envelopes.tokenRequest;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ewstoken.server.SoapResponses.Message;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.store.Permission;
import org.ewstoken.testkit.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hot path reads users and add-ins from a cache and reuses identity tokens; neither may ever
 * outlive a change: tokens follow the registry at once. One server for the class, on a clock the
 * tests move ("a second later" without sleeping); each test has its own mailbox and add-in.
 */
class RegistryAndReuseTest {

    static final String AUDIENCE = "https://addin.contoso.com/taskpane.html";
    static final Duration REGISTRY_CACHE_TTL = Duration.ofMillis(300);
    static final TestClock clock = TestClock.now();

    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(CoreSettings.REGISTRY_CACHE_TTL,
            REGISTRY_CACHE_TTL.toMillis() + "ms")).clock(clock);

    /** A mailbox and an add-in of the test's own, so that what it changes touches no other test. */
    private record Mine(String user, String addIn) {
    }

    private static Mine mine(String name) throws Exception {
        Mine m = new Mine(name + "@contoso.com", UUID.randomUUID().toString());
        server.addUser(m.user());
        server.addAddIn(m.addIn(), Permission.READ_ITEM, AUDIENCE, Set.of(), true, null);
        return m;
    }

    private static Message ask(Mine m, String type) throws Exception {
        return ask(m, m.addIn(), type, TestServer.PASSWORD);
    }

    private static Message ask(Mine m, String addIn, String type, String password) throws Exception {
        var r = server.soap(getClientAccessToken(null, tokenRequest(addIn, type)), m.user(), password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.messages(r.body()).get(0);
    }

    @Test
    void aRepeatedIdentityRequestGetsTheSameTokenWithAnExactTtl() throws Exception {
        Mine m = mine("repeat");
        Message first = ask(m, "CallerIdentity");
        clock.advance(Duration.ofSeconds(1)); // a fresh token would now have another nbf
        Message again = ask(m, "CallerIdentity");
        assertThat(again.tokenValue()).isEqualTo(first.tokenValue());
        long exp = Jwts.payload(again.tokenValue()).get("exp").asLong();
        long minutesLeft = (exp - clock.millis() / 1000) / 60;
        assertThat(again.ttl()).isBetween(minutesLeft - 1, minutesLeft);
    }

    @Test
    void callbackTokensAreNeverReused() throws Exception {
        Mine m = mine("callback");
        // No random claim (as Exchange's): a token a second later differs only if it was minted afresh.
        String first = ask(m, "ExtensionCallback").tokenValue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(ask(m, "ExtensionCallback").tokenValue()).isNotEqualTo(first);
    }

    @Test
    void aKeyRotationOrAPasswordChangeEndsReuse() throws Exception {
        Mine m = mine("rotation");
        String first = ask(m, "CallerIdentity").tokenValue();
        clock.advance(Duration.ofSeconds(1));
        server.server().keyRing().rotate();
        String afterRotation = ask(m, "CallerIdentity").tokenValue();
        assertThat(afterRotation).isNotEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        server.server().installation().store().updatePasswordHash(m.user(),
                server.server().installation().passwordHasher().hash("a-new-password".toCharArray()));
        assertThat(server.soap(Envelopes.documented(), m.user(), TestServer.PASSWORD).statusCode())
                .as("the old password stops working at once").isEqualTo(401);
        assertThat(ask(m, m.addIn(), "CallerIdentity", "a-new-password").tokenValue()).isNotEqualTo(afterRotation);
    }

    @Test
    void disablingRemovingAnAddInOrRemovingTheUserAppliesToTheNextRequest() throws Exception {
        Mine m = mine("removal");
        assertThat(ask(m, "CallerIdentity").responseCode()).isEqualTo("NoError");
        var store = server.server().installation().store();

        store.setAddInEnabled(m.addIn(), false);
        assertThat(ask(m, "CallerIdentity").responseCode()).isEqualTo("ErrorInvalidClientAccessTokenRequest");
        store.setAddInEnabled(m.addIn(), true);
        assertThat(ask(m, "CallerIdentity").responseCode()).isEqualTo("NoError");
        store.removeAddIn(m.addIn());
        assertThat(ask(m, "CallerIdentity").responseCode()).isEqualTo("ErrorExtensionNotFound");
        store.removeUser(m.user());
        assertThat(server.soap(Envelopes.documented(), m.user(), TestServer.PASSWORD).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aChangeMadeByAnotherProcessIsSeenOnceTheRegistryCacheTtlHasPassed() throws Exception {
        Mine m = mine("elsewhere");
        assertThat(ask(m, "CallerIdentity").responseCode()).isEqualTo("NoError");
        CliRunner.Result r = CliRunner.run(Map.of(), "", "apps", "disable", m.addIn(),
                "--data-dir", server.dataDir().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        // The cache's own time is the machine's: once its TTL has passed (however slowly), no entry may be older.
        Thread.sleep(REGISTRY_CACHE_TTL.toMillis() + 100);
        assertThat(ask(m, "CallerIdentity").responseCode()).isEqualTo("ErrorInvalidClientAccessTokenRequest");
    }

    @Test
    void anUnknownAddInAmongManyDoesNotCostOneQueryEachTimeYetAppearsOnceAdded() throws Exception {
        Mine m = mine("unknown");
        String other = UUID.randomUUID().toString();
        assertThat(ask(m, other, "CallerIdentity", TestServer.PASSWORD).responseCode()).isEqualTo("ErrorExtensionNotFound");
        server.addAddIn(other, Permission.READ_ITEM, AUDIENCE, Set.of(), true, null);
        assertThat(ask(m, other, "CallerIdentity", TestServer.PASSWORD).responseCode()).isEqualTo("NoError");
    }
}
