package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.CoreSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A caller whose sign-in is remembered is answered without a thread hand-off when its body came with the
 * head and its tokens come from the reuse cache; every other request takes the waiting path from the step
 * that needs it. Either way the answers are the same: a body arriving late is read whole, a body over the
 * limit is refused with 413, a callback token is signed, a wrong password is refused.
 */
@Timeout(60)
class AnsweredAtOnceTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(CoreSettings.MAX_REQUEST_BYTES, "4096"))
            .with(TestServer.ALICE_AND_CRM);
    static final String ALICE = RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD);

    @BeforeAll
    static void aliceSignedInOnce() throws Exception {
        assertThat(identityToken()).isNotBlank(); // her verification is remembered from here on
    }

    private static String identityToken() throws Exception {
        RawHttp.Response r = RawHttp.exchange(server.server().port(), RawHttp.post(HostileCases.SOAP,
                HostileCases.validBody(), ALICE, HostileCases.XML));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<SoapResponses.Message> messages = SoapResponses.messages(r.text());
        assertThat(messages).extracting(SoapResponses.Message::responseCode).containsExactly("NoError");
        return messages.get(0).tokenValue();
    }

    private static byte[] chunkedPost(String... chunks) {
        StringBuilder b = new StringBuilder("POST " + HostileCases.SOAP + " HTTP/1.1\r\nHost: localhost\r\n" + ALICE
                + "\r\n" + HostileCases.XML + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (String c : chunks) b.append(Integer.toHexString(c.length())).append("\r\n").append(c).append("\r\n");
        return b.append("0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aRememberedCallerAskingAgainGetsTheSameSchemaValidIdentityToken() throws Exception {
        assertThat(identityToken()).isEqualTo(identityToken());
    }

    @Test
    void aBodyThatArrivesAfterItsHeadIsReadWholeAndAnswered() throws Exception {
        byte[] request = RawHttp.post(HostileCases.SOAP, HostileCases.validBody(), ALICE, HostileCases.XML);
        int split = new String(request, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4 + 40;
        try (Socket s = RawHttp.connect(null, server.server().port(), Duration.ofSeconds(20))) {
            OutputStream out = s.getOutputStream();
            out.write(request, 0, split);
            out.flush();
            Thread.sleep(300); // the server has read the head and the first bytes, and must wait for the rest
            out.write(request, split, request.length - split);
            out.flush();
            RawHttp.Response r = RawHttp.read(s.getInputStream());

            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(SoapResponses.messages(r.text())).extracting(SoapResponses.Message::responseCode)
                    .containsExactly("NoError");
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413WhetherItCameWithTheHeadOrLater() throws Exception {
        String body = new String(HostileCases.validBody(), StandardCharsets.UTF_8);
        String padding = "x".repeat(5000);
        RawHttp.Response atOnce = RawHttp.exchange(server.server().port(), chunkedPost("<!--" + padding + "-->", body));
        assertThat(atOnce.status()).as(atOnce.toString()).isEqualTo(413);

        // A comment the parser must read to its end, whose end arrives after the limit, and late.
        byte[] request = chunkedPost("<!--" + padding.substring(0, 40), padding.substring(40) + "-->" + body);
        int split = new String(request, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4 + 60;
        try (Socket s = RawHttp.connect(null, server.server().port(), Duration.ofSeconds(20))) {
            s.getOutputStream().write(request, 0, split);
            s.getOutputStream().flush();
            Thread.sleep(300);
            try {
                s.getOutputStream().write(request, split, request.length - split);
            } catch (IOException closed) {
                // the server may answer and close before reading it all
            }
            RawHttp.Response later = RawHttp.read(s.getInputStream());
            assertThat(later.status()).as(later.toString()).isEqualTo(413);
        }
    }

    @Test
    void aCallbackTokenAfterARememberedSignInIsSignedOnTheWaitingPathAndAnswered() throws Exception {
        byte[] body = Envelopes.getClientAccessToken("Exchange2013",
                Envelopes.tokenRequest(TestServer.CRM, "ExtensionCallback")).getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = RawHttp.exchange(server.server().port(), RawHttp.post(HostileCases.SOAP, body, ALICE,
                HostileCases.XML));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        SoapResponses.Message m = SoapResponses.messages(r.text()).get(0);
        assertThat(m.responseCode()).isEqualTo("NoError");
        assertThat(m.tokenType()).isEqualTo("ExtensionCallback");
        assertThat(m.tokenValue()).isNotEqualTo(identityToken());
    }

    @Test
    void aWrongPasswordForARememberedCallerIsRefusedWith401() throws Exception {
        RawHttp.Response r = RawHttp.exchange(server.server().port(), RawHttp.post(HostileCases.SOAP,
                HostileCases.validBody(), RawHttp.basic(TestServer.ALICE, "not " + TestServer.PASSWORD), HostileCases.XML));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(identityToken()).as("her remembered sign-in still serves").isNotBlank();
    }
}
