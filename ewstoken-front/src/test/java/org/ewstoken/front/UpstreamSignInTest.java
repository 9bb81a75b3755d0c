package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.TestServer.CRM;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.store.Permission;
import org.ewstoken.store.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no users provisioned, the upstream checks the credentials for ewstoken's own operations. */
class UpstreamSignInTest {

    static final String TYPED = "alice@contoso.com";
    static final String PRIMARY = "alice.primary@contoso.com";
    static final String RIGHT = "upstream password 1";

    @TempDir Path dir;

    /** Plays Exchange: Basic alice/RIGHT signs in by a login name (her UPN), whose primary address is another one. */
    static UpstreamFixture.Answer mailbox(UpstreamFixture.Recorded r, AtomicInteger calls) {
        calls.incrementAndGet();
        return SERVER.apply(r);
    }

    static final MailServer SERVER = new ExchangeUpstream().account(PRIMARY, RIGHT, "Alice", java.util.List.of(),
            java.util.List.of(TYPED));

    static String token() {
        return Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(CRM, "CallerIdentity"));
    }

    @Test
    void theUpstreamChecksThePasswordAndNamesTheMailboxWhichIsCreatedAtFirstSignInAndKeepsItsId() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (UpstreamFixture upstream = new UpstreamFixture(); TestServer front = Front.start(dir.resolve("data"), upstream)) {
            upstream.dispatcher(r -> mailbox(r, calls));
            front.addAddIn(CRM, Permission.READ_ITEM, "https://addin.example/read.html", Set.of(), true, null);

            var r = front.soap(token(), TYPED, RIGHT);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(SoapResponses.messages(r.body())).singleElement()
                    .satisfies(m -> assertThat(m.responseCode()).isEqualTo("NoError"));
            User created = front.server().installation().store().findUser(PRIMARY).orElseThrow();
            int callsAfterFirst = calls.get();
            assertThat(callsAfterFirst).isEqualTo(2); // ResolveNames, GetUserOofSettings

            var again = front.soap(token(), TYPED, RIGHT);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(calls.get()).as("the verdict is remembered").isEqualTo(callsAfterFirst);
            assertThat(front.server().installation().store().findUser(PRIMARY).orElseThrow().exchangeUid())
                    .isEqualTo(created.exchangeUid());

            assertThat(front.soap(token(), TYPED, "wrong").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void wrongPasswordsCheckedUpstreamLeadToTheLockout() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (UpstreamFixture upstream = new UpstreamFixture();
             TestServer front = Front.start(dir.resolve("data"), upstream.ewsUrl(),
                     Map.of(ThrottlePolicy.LOGIN_FAILURES_PER_ACCOUNT, "3"))) {
            upstream.dispatcher(r -> mailbox(r, calls));
            for (int i = 0; i < 3; i++) assertThat(front.soap(token(), TYPED, "guess " + i).statusCode()).isEqualTo(401);
            var locked = front.soap(token(), TYPED, RIGHT);
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void anUpstreamThatIsDownLocksNobodyOut() throws Exception {
        try (TestServer front = Front.start(dir.resolve("data"), Front.downUpstreamUrl(),
                Map.of(ThrottlePolicy.LOGIN_FAILURES_PER_ACCOUNT, "3"))) {
            for (int i = 0; i < 6; i++) {
                var r = front.soap(token(), TYPED, RIGHT);
                assertThat(r.statusCode()).as("a temporary failure, not a refusal").isEqualTo(503);
            }
            assertThat(front.server().installation().store().findUser(PRIMARY)).isEmpty();
        }
    }
}
