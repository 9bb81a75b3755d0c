package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.Envelopes.DOCUMENTED_ADDIN;
import static org.ewstoken.server.Envelopes.getClientAccessToken;
import static org.ewstoken.server.Envelopes.tokenRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.SoapResponses.Message;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot path reads users and add-ins from a cache and reuses identity tokens; neither may ever
 * outlive a change: tokens follow the registry at once.
 */
class RegistryAndReuseTest {

    static final String AUDIENCE = "https://addin.contoso.com/taskpane.html";
    static final String ID = DOCUMENTED_ADDIN.toLowerCase();

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, Map.of(CoreSettings.REGISTRY_CACHE_TTL, "300ms"));
        server.addUser(TestServer.ALICE);
        server.addAddIn(ID, Permission.READ_ITEM, AUDIENCE, Set.of(), true, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Message ask(String type) throws Exception {
        return ask(type, TestServer.PASSWORD);
    }

    private Message ask(String type, String password) throws Exception {
        var r = server.soap(getClientAccessToken(null, tokenRequest(DOCUMENTED_ADDIN, type)), TestServer.ALICE, password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.messages(r.body()).get(0);
    }

    @Test
    void aRepeatedIdentityRequestGetsTheSameTokenWithAnExactTtl() throws Exception {
        Message first = ask("CallerIdentity");
        Thread.sleep(1100); // a fresh token would now have another nbf
        Message again = ask("CallerIdentity");
        assertThat(again.tokenValue()).isEqualTo(first.tokenValue());
        long exp = Jwts.payload(again.tokenValue()).get("exp").asLong();
        long minutesLeft = (exp - System.currentTimeMillis() / 1000) / 60;
        assertThat(again.ttl()).isBetween(minutesLeft - 1, minutesLeft);
    }

    @Test
    void callbackTokensAreNeverReused() throws Exception {
        // No random claim (as Exchange's): a token a second later differs only if it was minted afresh.
        String first = ask("ExtensionCallback").tokenValue();
        Thread.sleep(1100);
        assertThat(ask("ExtensionCallback").tokenValue()).isNotEqualTo(first);
    }

    @Test
    void aKeyRotationOrAPasswordChangeEndsReuse() throws Exception {
        String first = ask("CallerIdentity").tokenValue();
        Thread.sleep(1100);
        server.server().keyRing().rotate();
        String afterRotation = ask("CallerIdentity").tokenValue();
        assertThat(afterRotation).isNotEqualTo(first);

        Thread.sleep(1100);
        server.server().installation().store().updatePasswordHash(TestServer.ALICE,
                server.server().installation().passwordHasher().hash("a-new-password".toCharArray()));
        assertThat(server.soap(Envelopes.documented(), TestServer.ALICE, TestServer.PASSWORD).statusCode())
                .as("the old password stops working at once").isEqualTo(401);
        assertThat(ask("CallerIdentity", "a-new-password").tokenValue()).isNotEqualTo(afterRotation);
    }

    @Test
    void disablingRemovingAnAddInOrRemovingTheUserAppliesToTheNextRequest() throws Exception {
        assertThat(ask("CallerIdentity").responseCode()).isEqualTo("NoError");
        var store = server.server().installation().store();

        store.setAddInEnabled(ID, false);
        assertThat(ask("CallerIdentity").responseCode()).isEqualTo("ErrorInvalidClientAccessTokenRequest");
        store.setAddInEnabled(ID, true);
        assertThat(ask("CallerIdentity").responseCode()).isEqualTo("NoError");
        store.removeAddIn(ID);
        assertThat(ask("CallerIdentity").responseCode()).isEqualTo("ErrorExtensionNotFound");
        store.removeUser(TestServer.ALICE);
        assertThat(server.soap(Envelopes.documented(), TestServer.ALICE, TestServer.PASSWORD).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aChangeMadeByAnotherProcessIsSeenWithinTheRegistryCacheTtl() throws Exception {
        assertThat(ask("CallerIdentity").responseCode()).isEqualTo("NoError");
        CliRunner.Result r = CliRunner.run(Map.of(), "", "apps", "disable", ID, "--data-dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        long start = System.nanoTime();
        String code;
        do {
            code = ask("CallerIdentity").responseCode();
        } while (code.equals("NoError") && System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
        assertThat(code).isEqualTo("ErrorInvalidClientAccessTokenRequest");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void anUnknownAddInAmongManyDoesNotCostOneQueryEachTimeYetAppearsOnceAdded() throws Exception {
        String other = "0b7e4c4e-55d9-4a51-a0bb-6fa6a8f0aaaa";
        var r = server.soap(getClientAccessToken(null, tokenRequest(other, "CallerIdentity")),
                TestServer.ALICE, TestServer.PASSWORD);
        assertThat(SoapResponses.messages(r.body()).get(0).responseCode()).isEqualTo("ErrorExtensionNotFound");
        server.addAddIn(other, Permission.READ_ITEM, AUDIENCE, Set.of(), true, null);
        r = server.soap(getClientAccessToken(null, tokenRequest(other, "CallerIdentity")),
                TestServer.ALICE, TestServer.PASSWORD);
        assertThat(SoapResponses.messages(r.body()).get(0).responseCode()).isEqualTo("NoError");
    }
}
