package org.ewstoken.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.EwsTokenServer;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.server.throttle.SignInLog;
import org.ewstoken.testkit.ExpectedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees at the default level from a real server over HTTP: sign-ins gone wrong, and the stop. */
class OperatorLogTest {

    @TempDir Path dir;

    @Test
    void failedSignInsAreSummarisedWithoutThePasswordAndTheLockoutIsNamed() throws Exception {
        try (ExpectedLogs logs = ExpectedLogs.capture(SignInLog.class);
             TestServer server = TestServer.start(dir, Map.of(ThrottlePolicy.LOGIN_FAILURES_PER_ACCOUNT, "3"))) {
            server.addUser(TestServer.ALICE);
            String request = Envelopes.getClientAccessToken("Exchange2013",
                    Envelopes.tokenRequest("6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", "CallerIdentity"));
            for (int i = 0; i < 4; i++) {
                assertThat(server.soap(request, TestServer.ALICE, "Wrong-Secret-" + i).statusCode()).isIn(401, 429);
            }

            assertThat(logs.messages()).containsExactly(
                    "INFO failed sign-in for alice@contoso.com from 127.0.0.1",
                    "WARN account alice@contoso.com locked out after 3 failed sign-ins; refused for 1 s, then longer"
                            + " with each further failure");
            assertThat(String.join("\n", logs.messages())).doesNotContain("Wrong-Secret");
        }
    }

    @Test
    void theServerSaysWhenItStopsAndHowLongItRan() throws Exception {
        try (ExpectedLogs logs = ExpectedLogs.capture(EwsTokenServer.class)) {
            TestServer server = TestServer.start(dir);
            int port = server.server().port();
            server.close();
            server.close(); // a second close (shutdown hook and caller) says nothing more

            assertThat(logs.messages()).filteredOn(m -> m.contains("stopped")).singleElement().asString()
                    .matches("INFO ewstoken stopped after running \\d+ s \\(was listening on 127\\.0\\.0\\.1:" + port + "\\)");
        }
    }
}
