package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.HardeningSettings;
import org.ewstoken.server.config.RequestLimits;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What anonymous clients can hold: connections per address, all connections (silent ones give way to
 * a real client), the time to send a request head however it trickles, the time to send a body and the
 * size of chunk extensions. Small bounds so that the test is quick; the defaults are in docs/security.md.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the flood of silent connections last: it fills the server
class ConnectionBoundsTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(
            RequestLimits.MAX_CONNECTIONS, "40", HardeningSettings.MAX_CONNECTIONS_PER_ADDRESS, "8",
            HardeningSettings.HEADER_TIMEOUT, "3s", RequestLimits.IDLE_TIMEOUT, "20s", RequestLimits.REQUEST_TIMEOUT, "2s",
            HardeningSettings.MAX_CHUNK_EXTENSION_BYTES, "64")).with(TestServer.ALICE_AND_CRM);
    static final byte[] envelope = HostileCases.validBody();

    private static int port() {
        return server.server().port();
    }

    private static RawHttp.Response validRequest(String from) throws IOException {
        return RawHttp.exchange(from, port(), RawHttp.post("/EWS/Exchange.asmx", envelope,
                RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD), HostileCases.XML), Duration.ofSeconds(10));
    }

    /** True if the server closed the connection (end of stream or reset) within {@code wait}. */
    private static boolean closedByServer(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) return true; // a 400/408 may come first: read on to the end
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Whether the server answered or closed {@code s}, and after how many milliseconds. */
    private record Trickle(boolean cut, long millis) {
    }

    /**
     * Writes {@code piece.apply(i)} every 150 ms, so the connection never idles for long, until the server answers or
     * closes it; after 60 pieces it waits {@code grace} more for the close.
     */
    private static Trickle trickle(Socket s, IntFunction<String> piece, Duration grace) throws Exception {
        OutputStream out = s.getOutputStream();
        long started = System.nanoTime();
        boolean cut = false;
        try {
            for (int i = 0; i < 60 && !cut; i++) {
                out.write(piece.apply(i).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(150);
                cut = s.getInputStream().available() > 0;
            }
        } catch (SocketException closed) {
            cut = true;
        }
        if (!cut) cut = closedByServer(s, grace);
        return new Trickle(cut, (System.nanoTime() - started) / 1_000_000);
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Test
    @Order(1)
    void oneAddressGetsAtMostItsShareOfConnections() throws Exception {
        List<Socket> mine = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) mine.add(RawHttp.connect("127.0.5.1", port(), Duration.ofSeconds(5)));
            Thread.sleep(1000); // well within header-timeout (3 s), after which the rest would go too
            int closed = 0;
            for (Socket s : mine) if (closedByServer(s, Duration.ofMillis(50))) closed++;
            // The server admits them in its own order: which ones go is its choice, how many is not.
            assertThat(closed).as("twelve from one address, eight allowed").isEqualTo(4);
            assertThat(validRequest("127.0.5.2").status()).as("another address").isEqualTo(200);
        } finally {
            closeAll(mine);
        }
    }

    @Test
    @Order(2)
    void silentConnectionsFillingTheServerGiveWayToARealClient() throws Exception {
        assertThat(validRequest("127.0.6.100").status()).isEqualTo(200); // warm: the first request pays for JIT
        List<Socket> silent = new ArrayList<>();
        try {
            // 60 silent connections from 8 addresses (under the per-address bound) against max-connections 40.
            for (int i = 0; i < 60; i++) {
                silent.add(RawHttp.connect("127.0.6." + (1 + i % 8), port(), Duration.ofSeconds(5)));
            }
            long started = System.nanoTime();
            RawHttp.Response r = validRequest("127.0.6.100");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(r.status()).isEqualTo(200);
            assertThat(millis).as("served at once, not after the silent ones time out (3 s)").isLessThan(2000);
            assertThat(closedByServer(silent.get(0), Duration.ofSeconds(2))).as("the oldest silent one").isTrue();
        } finally {
            closeAll(silent);
        }
    }

    @Test
    void aTrickledRequestHeadIsCutOffAtTheHeaderTimeoutThoughItNeverIdles() throws Exception {
        try (Socket s = RawHttp.connect("127.0.7.1", port(), Duration.ofSeconds(10))) {
            s.getOutputStream().write("POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            Trickle t = trickle(s, i -> "X-Trickle-" + i + ": y\r\n", Duration.ofSeconds(2)); // a header line
            assertThat(t.cut()).as("closed while still trickling").isTrue();
            assertThat(t.millis()).as("header-timeout 3 s, checked twice a second").isBetween(2500L, 7000L);
        }
        assertThat(validRequest("127.0.7.1").status()).isEqualTo(200);
    }

    @Test
    void aSignedInClientTricklingChunkExtensionsIsCutOffAtTheBodyDeadline() throws Exception {
        try (Socket s = RawHttp.connect("127.0.8.1", port(), Duration.ofSeconds(10))) {
            s.getOutputStream().write(("POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: x\r\n" + RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD)
                    + "\r\n" + HostileCases.XML + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Trickle t = trickle(s, i -> "1;x=" + i + "\r\n \r\n", Duration.ofSeconds(3)); // a one-byte chunk
            assertThat(t.cut()).isTrue();
            assertThat(t.millis()).as("request-timeout 2 s").isBetween(1500L, 6000L);
        }
    }

    @Test
    void aChunkExtensionLongerThanTheLimitIsRefused() throws Exception {
        String head = "POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: x\r\n" + RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD)
                + "\r\n" + HostileCases.XML + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        for (String sizeLine : List.of("10;" + "e".repeat(200), "0".repeat(300) + "10", "10;a=" + "b".repeat(100))) {
            try (Socket s = RawHttp.connect("127.0.8.2", port(), Duration.ofSeconds(10))) {
                s.getOutputStream().write((head + sizeLine + "\r\n0123456789abcdef\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                RawHttp.Response r;
                try {
                    r = RawHttp.read(s.getInputStream());
                } catch (IOException closedWithoutAnswer) {
                    continue; // closing is a refusal too
                }
                assertThat(r.status()).as(sizeLine.substring(0, 10) + " " + r.text()).isIn(400, 413);
                assertThat(r.text()).doesNotContain("Chunk", "Exception", "jetty");
            }
        }
        // A short extension is allowed: chunked bodies with extensions are valid HTTP.
        byte[] body = envelope;
        String chunked = Integer.toHexString(body.length) + ";name=value\r\n";
        try (Socket s = RawHttp.connect("127.0.8.3", port(), Duration.ofSeconds(10))) {
            OutputStream out = s.getOutputStream();
            out.write((head + chunked).getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.read(s.getInputStream()).status()).isEqualTo(200);
        }
    }

    @Test
    void twoAuthorizationHeadersAreRefusedWhicheverComesFirst() throws Exception {
        String good = RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD);
        String bad = RawHttp.basic("mallory@contoso.com", "x");
        for (String[] pair : List.of(new String[] {good, bad}, new String[] {bad, good}, new String[] {good, good})) {
            RawHttp.Response r = RawHttp.exchange("127.0.9.1", port(), RawHttp.post("/EWS/Exchange.asmx", envelope,
                    pair[0], pair[1], HostileCases.XML), Duration.ofSeconds(10));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("Authorization").doesNotContain("mallory", "Basic");
        }
        RawHttp.Response twoTypes = RawHttp.exchange("127.0.9.1", port(), RawHttp.post("/EWS/Exchange.asmx", envelope,
                good, HostileCases.XML, "Content-Type: application/json"), Duration.ofSeconds(10));
        assertThat(twoTypes.status()).isEqualTo(400);
        RawHttp.Response introspect = RawHttp.exchange("127.0.9.1", port(), RawHttp.post("/oauth2/introspect",
                "token=x".getBytes(StandardCharsets.US_ASCII), good, bad), Duration.ofSeconds(10));
        assertThat(introspect.status()).as("every route, not only EWS").isEqualTo(400);
    }

    @Test
    void jettysOwnErrorsEchoNothingAndAreNotSniffed() throws Exception {
        List<byte[]> broken = List.of(
                "GET /<script>alert(1)</script> HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                ("GET /" + "a".repeat(20_000) + "-marker HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                "GET /x HTTP/1.1\r\nHost: x\r\nBad Header-marker\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "POST /x-marker HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "GET /x-marker HTTP/7.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] request : broken) {
            RawHttp.Response r = RawHttp.exchange("127.0.9.2", port(), request, Duration.ofSeconds(10));
            assertThat(r.status()).as(r.toString()).isBetween(400, 505);
            assertThat(r.text()).doesNotContain("script", "marker", "URI:", "jetty", "Exception", "org.");
            assertThat(r.header("X-Content-Type-Options")).as(r.toString()).isEqualTo("nosniff");
            assertThat(r.header("Content-Type")).startsWith("text/plain");
        }
    }
}
