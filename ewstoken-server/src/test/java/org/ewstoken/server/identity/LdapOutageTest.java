package org.ewstoken.server.identity;

import org.ewstoken.server.config.Setting;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.LdapSettings;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory (a real slapd) stopped in the middle: a recent sign-in keeps working from the
 * credential cache, a new one gets a clear temporary failure however often it is tried (never a
 * lockout), local users are unaffected, and everything works again once the directory is back.
 */
@Timeout(120)
class LdapOutageTest {

    @TempDir Path dir;

    @Test
    void aRecentSignInSurvivesTheDirectoryGoingDownAndNewOnesGetATemporaryFailureNotALockout() throws Exception {
        try (Slapd slapd = Slapd.start(dir.resolve("slapd"))) {
            slapd.addUser("alice", "alice@example.test", "alice-pw-1");
            slapd.addUser("frank", "frank@example.test", "frank-pw-1");
            Map<Setting, String> settings = slapd.serverSettings();
            settings.putAll(Map.of(LdapSettings.LDAP_TIMEOUT, "2s", ThrottlePolicy.LOGIN_FAILURES_PER_ACCOUNT, "3"));
            try (TestServer server = TestServer.start(dir.resolve("server"), settings)) {
                server.addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM,
                        "https://addin.example/app.html", Set.of(), true, null);
                server.addUser("local@example.test");
                assertThat(ask(server, "alice@example.test", "alice-pw-1").statusCode()).isEqualTo(200);

                slapd.stop();

                assertThat(ask(server, "alice@example.test", "alice-pw-1").statusCode())
                        .as("remembered from the credential cache").isEqualTo(200);
                for (int i = 0; i < 6; i++) { // twice the lockout threshold
                    HttpResponse<String> r = ask(server, "frank@example.test", "frank-pw-1");
                    assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(503);
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    assertThat(r.body()).contains("temporarily unavailable");
                }
                // A wrong password for the cached user is no cache hit: a temporary failure, not a pass.
                assertThat(ask(server, "alice@example.test", "alice-pw-2").statusCode()).isEqualTo(503);
                assertThat(ask(server, "local@example.test", TestServer.PASSWORD).statusCode()).isEqualTo(200);

                slapd.launch();

                assertThat(ask(server, "frank@example.test", "frank-pw-1").statusCode()).isEqualTo(200);
                assertThat(ask(server, "frank@example.test", "wrong").statusCode()).isEqualTo(401);
            }
        }
    }

    private static HttpResponse<String> ask(TestServer server, String user, String password) throws Exception {
        return server.soap(Envelopes.documented(), user, password);
    }
}
