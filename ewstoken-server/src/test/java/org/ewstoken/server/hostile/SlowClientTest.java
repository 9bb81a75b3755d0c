package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.HardeningSettings;
import org.ewstoken.server.config.RequestLimits;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow and idle clients: none holds a thread beyond the request timeout, none is kept beyond the
 * idle timeout, and past the connection limit new clients wait instead of exhausting the server.
 * The machine may be loaded: where a test proves that one timeout (or the eviction) acted, the
 * other timeouts are far longer than the one under test, so a stalled client or server thread cannot
 * set them off, and the client waits longer than any of them.
 */
@Timeout(120)
class SlowClientTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(
            RequestLimits.REQUEST_TIMEOUT, "2s", RequestLimits.IDLE_TIMEOUT, "1s", HardeningSettings.HEADER_TIMEOUT, "60s",
            RequestLimits.MAX_CONNECTIONS, "20")).with(TestServer.ALICE_AND_CRM);
    /** Only the request timeout is short here: the idle and header timeouts cannot end a connection in a test. */
    @RegisterExtension
    static final TestServer patient = TestServer.perClass(Map.of(
            RequestLimits.REQUEST_TIMEOUT, "2s", RequestLimits.IDLE_TIMEOUT, "60s", HardeningSettings.HEADER_TIMEOUT, "60s",
            RequestLimits.MAX_CONNECTIONS, "20")).with(TestServer.ALICE_AND_CRM);
    /** Longer than any timeout the servers here act on, shorter than the ones they must not wait for. */
    static final Duration CLIENT_PATIENCE = Duration.ofSeconds(30);
    static final byte[] valid = RawHttp.post("/EWS/Exchange.asmx", HostileCases.validBody(),
            RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD), HostileCases.XML);

    private static int headerEnd() {
        return new String(valid, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
    }

    private static void assertValidRequestAnswered() throws IOException {
        assertValidRequestAnswered(server);
    }

    private static void assertValidRequestAnswered(TestServer server) throws IOException {
        RawHttp.Response r = RawHttp.exchange(null, server.server().port(), valid, CLIENT_PATIENCE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(SoapResponses.messages(r.text())).extracting(SoapResponses.Message::responseCode).containsExactly("NoError");
    }

    @Test
    void aBodyTrickledByteByByteIsCutOffAtTheRequestTimeoutWith408OrAClose() throws Exception {
        // On the patient server a trickle is never idle for 60 s, so only the 2 s request timeout can stop it,
        // however long a loaded machine stalls this thread between two bytes.
        int sent;
        try (Socket s = RawHttp.connect(null, patient.server().port(), CLIENT_PATIENCE)) {
            OutputStream out = s.getOutputStream();
            out.write(valid, 0, headerEnd());
            long started = System.nanoTime();
            for (sent = headerEnd(); sent < valid.length; sent++) {
                try {
                    out.write(valid[sent]);
                    out.flush();
                    Thread.sleep(200);
                } catch (IOException closed) {
                    break;
                }
                if (s.getInputStream().available() > 0) break;
            }
            int status;
            try {
                status = RawHttp.read(s.getInputStream()).status();
            } catch (IOException closedWithoutAnswer) {
                status = -1;
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000;

            // As request-timeout documents: 408, or a bare close. The body stream answers 408 when a byte arrives
            // past the deadline; the connection guard's twice-a-second sweep closes the connection at the same
            // deadline; on a loaded machine either comes first.
            assertThat(status).as("408, or the connection closed").isIn(408, -1);
            assertThat(sent).as("cut off before the whole body arrived").isLessThan(valid.length);
            // Not before the request timeout; after it, long before the whole trickle or the idle timeout could end.
            assertThat(seconds).as("cut off at the 2 s request timeout").isBetween(1L, 20L);
        }
        assertThat((valid.length - headerEnd()) / 5).as("seconds the whole trickle would take").isGreaterThan(40);
        assertValidRequestAnswered(patient);
    }

    @Test
    void aClientThatStopsSendingItsBodyIsDroppedAfterTheIdleTimeout() throws Exception {
        try (Socket s = RawHttp.connect(null, server.server().port(), CLIENT_PATIENCE)) {
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
            // Not at once; and well before the client gives up (a connection kept open ends at CLIENT_PATIENCE).
            assertThat(millis).isBetween(500L, CLIENT_PATIENCE.toMillis() * 2 / 3);
        }
        assertValidRequestAnswered();
    }

    @Test
    void slowHeadersHoldNoThreadAndIdleConnectionsAreClosed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        int threadsBefore = Thread.activeCount();
        try {
            for (int i = 0; i < 10; i++) {
                Socket s = RawHttp.connect(null, server.server().port(), CLIENT_PATIENCE);
                s.getOutputStream().write("POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            assertValidRequestAnswered();
            assertThat(Thread.activeCount() - threadsBefore).as("threads added for 10 slow clients").isLessThan(10);

            // Idle timeout 1 s (the header timeout is 60 s): the server closes all of them; read() waits for it.
            for (Socket s : slow) assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    @Test
    void pastTheConnectionLimitConnectionsThatSentNothingGiveWayAndNewClientsAreServedAtOnce() throws Exception {
        // On the patient server a silent connection is closed within a test only if it is evicted. Which ones go
        // is the server's order of opening them, not the order of connect() here: count them, do not name one.
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) idle.add(RawHttp.connect(null, patient.server().port(), CLIENT_PATIENCE));
            Thread.sleep(200);
            long started = System.nanoTime();
            assertValidRequestAnswered(patient); // silent connections are closed to make room
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("no waiting for idle connections to time out (60 s)").isLessThan(20_000L);

            int beyondTheLimit = idle.size() + 1 - 20;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int closed;
            do {
                closed = 0;
                for (Socket s : idle) closed += closedByServer(s) ? 1 : 0;
            } while (closed < beyondTheLimit && System.nanoTime() < deadline);
            assertThat(closed).as("silent connections closed to make room").isGreaterThanOrEqualTo(beyondTheLimit);
        } finally {
            for (Socket s : idle) s.close();
        }
    }

    /** Whether the server has closed this connection, which never sent anything; waits 50 ms at most. */
    private static boolean closedByServer(Socket s) throws IOException {
        int timeout = s.getSoTimeout();
        s.setSoTimeout(50);
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException open) {
            return false;
        } finally {
            s.setSoTimeout(timeout);
        }
    }
}
