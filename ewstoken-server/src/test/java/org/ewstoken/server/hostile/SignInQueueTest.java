package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.HardeningSettings;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Password checks are a bounded queue: sign-ins beyond it are told "busy, retry" at once (503 with
 * Retry-After, no password work, nothing counted against anyone), and a user whose credentials are
 * remembered never waits behind them. (The figures under real load come from the soak profile's flood test.)
 */
@Timeout(120)
class SignInQueueTest {

    /** A real Argon2 cost, no queue: only the checks that run (one per CPU) hold a thread. */
    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(
            CoreSettings.ARGON2_MEMORY_KIB, "32768", CoreSettings.ARGON2_ITERATIONS, "3",
            HardeningSettings.PASSWORD_CHECK_QUEUE, "0")).with(TestServer.ALICE_AND_CRM);
    static final byte[] envelope = HostileCases.validBody();

    private static RawHttp.Response signIn(String from, String user, String password) throws Exception {
        return RawHttp.exchange(from, server.server().port(), RawHttp.post("/EWS/Exchange.asmx", envelope,
                RawHttp.basic(user, password), HostileCases.XML), Duration.ofSeconds(30));
    }

    @Test
    void signInsBeyondTheQueueAreBusyAtOnceWhileARememberedUserIsServed() throws Exception {
        assertThat(signIn("127.0.11.1", TestServer.ALICE, TestServer.PASSWORD).status()).isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(48);
        try {
            List<Future<RawHttp.Response>> flood = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String from = "127.0.12." + (1 + i);
                String user = "nobody" + i + "@contoso.com";
                flood.add(pool.submit(() -> signIn(from, user, "guess")));
            }
            List<Integer> alice = new ArrayList<>();
            for (int i = 0; i < 10; i++) alice.add(signIn("127.0.11.1", TestServer.ALICE, TestServer.PASSWORD).status());
            int busy = 0;
            for (Future<RawHttp.Response> f : flood) {
                RawHttp.Response r = f.get();
                assertThat(r.status()).isIn(401, 503);
                if (r.status() == 503) {
                    busy++;
                    assertThat(r.header("Retry-After")).isEqualTo("1");
                    assertThat(r.header("WWW-Authenticate")).isNull();
                    assertThat(r.text()).doesNotContain("nobody", "Argon2", "Exception");
                }
            }
            assertThat(alice).as("the remembered user, during the flood").containsOnly(200);
            assertThat(busy).as("48 checks against 1-2 slots").isPositive();
        } finally {
            pool.shutdownNow();
        }
        // Nothing was counted against the busy ones' accounts or addresses.
        assertThat(signIn("127.0.12.1", "nobody0@contoso.com", "guess").status()).isEqualTo(401);
    }
}
