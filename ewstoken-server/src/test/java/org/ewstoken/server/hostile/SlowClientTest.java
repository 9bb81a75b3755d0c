package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.RequestLimits;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow and idle clients: none holds a thread beyond the request timeout, none is kept beyond the
 * idle timeout, and past the connection limit new clients wait instead of exhausting the server.
 */
@Timeout(60)
class SlowClientTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(
            RequestLimits.REQUEST_TIMEOUT, "2s", RequestLimits.IDLE_TIMEOUT, "1s",
            RequestLimits.MAX_CONNECTIONS, "20")).with(TestServer.ALICE_AND_CRM);
    static final byte[] valid = RawHttp.post("/EWS/Exchange.asmx", HostileCases.validBody(),
            RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD), HostileCases.XML);

    private static int headerEnd() {
        return new String(valid, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
    }

    private static void assertValidRequestAnswered() throws IOException {
        RawHttp.Response r = RawHttp.exchange(server.server().port(), valid);
        assertThat(r.status()).isEqualTo(200);
        assertThat(SoapResponses.messages(r.text())).extracting(SoapResponses.Message::responseCode).containsExactly("NoError");
    }

    @Test
    void aBodyTrickledByteByByteIsCutOffAtTheRequestTimeoutWith408() throws Exception {
        try (Socket s = RawHttp.connect(null, server.server().port(), Duration.ofSeconds(10))) {
            OutputStream out = s.getOutputStream();
            out.write(valid, 0, headerEnd());
            long started = System.nanoTime();
            RawHttp.Response r = null;
            for (int i = headerEnd(); i < valid.length; i++) {
                try {
                    out.write(valid[i]);
                    out.flush();
                    Thread.sleep(200); // always inside the idle timeout: only the request timeout can stop this
                } catch (IOException closed) {
                    break;
                }
                if (s.getInputStream().available() > 0) break;
            }
            r = RawHttp.read(s.getInputStream());
            long seconds = (System.nanoTime() - started) / 1_000_000_000;

            assertThat(r.status()).isEqualTo(408);
            assertThat(seconds).as("cut off near the 2 s request timeout").isBetween(1L, 4L);
        }
        assertValidRequestAnswered();
    }

    @Test
    void aClientThatStopsSendingItsBodyIsDroppedAfterTheIdleTimeout() throws Exception {
        try (Socket s = RawHttp.connect(null, server.server().port(), Duration.ofSeconds(10))) {
            s.getOutputStream().write(valid, 0, headerEnd() + 20);
            s.getOutputStream().flush();
            long started = System.nanoTime();
            int status;
            try {
                status = RawHttp.read(s.getInputStream()).status();
            } catch (IOException closedWithoutAnswer) {
                status = -1;
            }
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(status).as("408, or the connection closed").isIn(408, -1);
            assertThat(millis).isBetween(500L, 5000L);
        }
        assertValidRequestAnswered();
    }

    @Test
    void slowHeadersHoldNoThreadAndIdleConnectionsAreClosed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        int threadsBefore = Thread.activeCount();
        try {
            for (int i = 0; i < 10; i++) {
                Socket s = RawHttp.connect(null, server.server().port(), Duration.ofSeconds(10));
                s.getOutputStream().write("POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            assertValidRequestAnswered();
            assertThat(Thread.activeCount() - threadsBefore).as("threads added for 10 slow clients").isLessThan(10);

            Thread.sleep(2500); // idle timeout 1 s: the server closes all of them
            for (Socket s : slow) assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    @Test
    void pastTheConnectionLimitConnectionsThatSentNothingGiveWayAndNewClientsAreServedAtOnce() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) idle.add(RawHttp.connect(null, server.server().port(), Duration.ofSeconds(10)));
            Thread.sleep(200);
            long started = System.nanoTime();
            assertValidRequestAnswered(); // the oldest silent connection is closed to make room
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("no waiting for idle connections to time out").isLessThan(900L);
            assertThat(idle.get(0).getInputStream().read()).as("the oldest silent connection").isEqualTo(-1);
        } finally {
            for (Socket s : idle) s.close();
        }
    }
}
