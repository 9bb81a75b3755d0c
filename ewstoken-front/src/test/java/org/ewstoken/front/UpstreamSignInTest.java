package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
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
    static final String ADDIN = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    @TempDir Path dir;

    /** Plays a mailbox server: Basic alice/RIGHT is alice, whose primary address is another one. */
    static UpstreamFixture.Answer mailbox(UpstreamFixture.Recorded r, AtomicInteger calls) {
        calls.incrementAndGet();
        String ok = "Basic " + Base64.getEncoder().encodeToString((TYPED + ":" + RIGHT).getBytes(StandardCharsets.UTF_8));
        if (!ok.equals(r.header("Authorization"))) {
            return UpstreamFixture.Answer.of(401, Map.of("WWW-Authenticate", "Basic realm=\"mail\""), new byte[0]);
        }
        String body = r.bodyText();
        String t = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"";
        if (body.contains("GetFolder")) {
            return UpstreamFixture.Answer.ok("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                    + "<m:GetFolderResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" " + t
                    + "><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError"
                    + "</m:ResponseCode><m:Folders><t:Folder><t:FolderId Id=\"AQMkInbox=\" ChangeKey=\"AQ==\"/></t:Folder>"
                    + "</m:Folders></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse></s:Body></s:Envelope>");
        }
        if (body.contains("ConvertId") && body.contains("AQMkInbox=")) {
            return UpstreamFixture.Answer.ok("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                    + "<m:ConvertIdResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" " + t
                    + "><m:ResponseMessages><m:ConvertIdResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError"
                    + "</m:ResponseCode><m:AlternateId xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                    + "xsi:type=\"t:AlternateIdType\" Format=\"EwsId\" Id=\"AQMkInbox=\" Mailbox=\"" + PRIMARY + "\"/>"
                    + "</m:ConvertIdResponseMessage></m:ResponseMessages></m:ConvertIdResponse></s:Body></s:Envelope>");
        }
        return UpstreamFixture.Answer.ok(UpstreamFixture.OK_ENVELOPE);
    }

    static String token() {
        return Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(ADDIN, "CallerIdentity"));
    }

    @Test
    void theUpstreamChecksThePasswordAndNamesTheMailboxWhichIsCreatedAtFirstSignInAndKeepsItsId() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (UpstreamFixture upstream = new UpstreamFixture(); TestServer front = Front.start(dir.resolve("data"), upstream)) {
            upstream.dispatcher(r -> mailbox(r, calls));
            front.addAddIn(ADDIN, Permission.READ_ITEM, "https://addin.example/read.html", Set.of(), true, null);

            var r = front.soap(token(), TYPED, RIGHT);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(SoapResponses.messages(r.body())).singleElement()
                    .satisfies(m -> assertThat(m.responseCode()).isEqualTo("NoError"));
            User created = front.server().installation().store().findUser(PRIMARY).orElseThrow();
            int callsAfterFirst = calls.get();
            assertThat(callsAfterFirst).isEqualTo(2); // GetFolder, ConvertId

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
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (TestServer front = Front.start(dir.resolve("data"), "http://127.0.0.1:" + closedPort + "/EWS/Exchange.asmx",
                Map.of(ThrottlePolicy.LOGIN_FAILURES_PER_ACCOUNT, "3"))) {
            for (int i = 0; i < 6; i++) {
                var r = front.soap(token(), TYPED, RIGHT);
                assertThat(r.statusCode()).as("a temporary failure, not a refusal").isEqualTo(503);
            }
            assertThat(front.server().installation().store().findUser(PRIMARY)).isEmpty();
        }
    }
}
