package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.hostile.RawHttp;
import org.ewstoken.store.Permission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the front passes to the upstream and back: unchanged, streamed, with the proxy headers a proxy owes. */
class PassThroughTest {

    static final String GET_ITEM = """
            <?xml version="1.0" encoding="utf-8"?>
            <!-- a comment the upstream must see too -->
            <S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"
                        xmlns:x="http://schemas.microsoft.com/exchange/services/2006/messages"
                        xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
              <S:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></S:Header>
              <S:Body><x:GetItem><x:ItemShape><t:BaseShape>IdOnly</t:BaseShape></x:ItemShape>
                <x:ItemIds><t:ItemId Id="AAMkAD&#x00e9;=="/></x:ItemIds></x:GetItem></S:Body>
            </S:Envelope>
            """;

    @RegisterExtension
    final FrontPerTest f = FrontPerTest.withoutServiceAccount();

    @Test
    void anOperationEwstokenDoesNotOwnReachesTheUpstreamByteForByteAndItsAnswerComesBackByteForByte() throws Exception {
        byte[] answer = ("<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<s:Body>\u00e9t\u00e9 \r\n</s:Body></s:Envelope>").getBytes(StandardCharsets.UTF_8);
        f.upstream().enqueue(UpstreamFixture.Answer.of(200, Map.of("Content-Type", "text/xml; charset=utf-8",
                "X-BackEndHttpStatus", "200", "Set-Cookie", "exchangecookie=abc; path=/"), answer));
        byte[] body = GET_ITEM.getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = RawHttp.exchange(f.front().server().port(), RawHttp.post("/ews/exchange.asmx?x=1", body,
                "Content-Type: text/xml; charset=utf-8", "Authorization: Basic YWxpY2U6c2VjcmV0",
                "SOAPAction: \"http://schemas.microsoft.com/exchange/services/2006/messages/GetItem\"",
                "User-Agent: ExchangeServicesClient/15.0"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(answer);
        assertThat(r.header("x-backendhttpstatus")).isEqualTo("200");
        assertThat(r.header("set-cookie")).isEqualTo("exchangecookie=abc; path=/");
        UpstreamFixture.Recorded got = f.upstream().takeRequest();
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.target()).isEqualTo("/EWS/Exchange.asmx?x=1");
        assertThat(got.body()).isEqualTo(body);
        assertThat(got.header("Authorization")).as("the client's own credentials go to the upstream")
                .isEqualTo("Basic YWxpY2U6c2VjcmV0");
        assertThat(got.header("SOAPAction")).contains("GetItem");
        assertThat(got.header("User-Agent")).isEqualTo("ExchangeServicesClient/15.0");
        assertThat(got.header("Content-Type")).isEqualTo("text/xml; charset=utf-8");
    }

    @Test
    void hopByHopHeadersStayOnTheirHopAndForwardingHeadersAreAddedNotBelievedFromTheClient() throws Exception {
        f.upstream().enqueue(UpstreamFixture.Answer.of(200, Map.of("Content-Type", "text/plain", "Keep-Alive", "timeout=5",
                "Proxy-Authenticate", "Basic", "X-Upstream", "yes"), "ok".getBytes(StandardCharsets.UTF_8)));
        RawHttp.Response r = RawHttp.exchange(f.front().server().port(), RawHttp.request("GET", "/mapi/emsmdb/?mailboxId=1",
                new byte[0], "Keep-Alive: timeout=99", "TE: trailers", "X-Private-Hop: secret",
                "Connection: X-Private-Hop", "Proxy-Authorization: Basic c2VjcmV0",
                "X-Forwarded-For: 6.6.6.6", "Forwarded: for=6.6.6.6", "X-End-To-End: kept"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("ok");
        assertThat(r.header("x-upstream")).isEqualTo("yes");
        assertThat(r.header("keep-alive")).isNull();
        assertThat(r.header("proxy-authenticate")).isNull();
        UpstreamFixture.Recorded got = f.upstream().takeRequest();
        assertThat(got.target()).isEqualTo("/mapi/emsmdb/?mailboxId=1");
        assertThat(got.header("X-End-To-End")).isEqualTo("kept");
        for (String hop : new String[] {"Keep-Alive", "TE", "X-Private-Hop", "Proxy-Authorization"}) {
            assertThat(got.header(hop)).as(hop).isNull();
        }
        assertThat(got.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(got.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(got.header("X-Forwarded-Host")).isEqualTo("localhost");
        assertThat(got.header("Forwarded")).isEqualTo("by=\"127.0.0.1\";for=\"127.0.0.1\";host=\"localhost\";proto=http")
                .doesNotContain("6.6.6.6");
        assertThat(got.header("Via")).startsWith("1.1 ");
    }

    @Test
    void ewstokensOwnOperationsAreAnsweredHereAndNeverReachTheUpstream() throws Exception {
        f.front().addUser(TestServer.ALICE);
        f.front().addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM, "https://addin.example/read.html",
                Set.of(), true, null);
        var r = f.front().soap(Envelopes.documented(), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(SoapResponses.messages(r.body())).singleElement()
                .satisfies(m -> assertThat(m.responseCode()).isEqualTo("NoError"));
        var apps = f.front().soap(Envelopes.app("Exchange2013", "<m:GetAppManifests/>"), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(apps.statusCode()).isEqualTo(200);
        SoapResponses.validated(apps.body());
        assertThat(f.upstream().pollRequest(Duration.ofMillis(300))).isNull();
        assertThat(f.front().get("/metrics").body()).contains("ewstoken_front_requests_total{route=\"local\"} 2.0");
    }

    @Test
    void bodiesThatAreNotSoapPassThroughUntouchedAndUnroutedPathsAreNotForwarded() throws Exception {
        byte[] junk = {0, 1, 2, '<', '?', (byte) 0xff, 'x'};
        RawHttp.Response r = RawHttp.exchange(f.front().server().port(), RawHttp.post("/EWS/Exchange.asmx", junk,
                "Content-Type: application/octet-stream"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(f.upstream().takeRequest().body()).isEqualTo(junk);

        byte[] dtd = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>".getBytes(StandardCharsets.UTF_8);
        RawHttp.exchange(f.front().server().port(), RawHttp.post("/EWS/Exchange.asmx", dtd, "Content-Type: text/xml"));
        assertThat(f.upstream().takeRequest().body()).as("not ours to parse, not ours to refuse").isEqualTo(dtd);

        RawHttp.Response oab = RawHttp.exchange(f.front().server().port(), RawHttp.request("GET", "/OAB/oab.xml", new byte[0]));
        assertThat(oab.status()).isEqualTo(200);
        assertThat(f.upstream().takeRequest().target()).isEqualTo("/OAB/oab.xml");

        RawHttp.Response other = RawHttp.exchange(f.front().server().port(), RawHttp.request("GET", "/owa/", new byte[0]));
        assertThat(other.status()).isEqualTo(404);
        assertThat(f.upstream().pollRequest(Duration.ofMillis(200))).isNull();
    }

    @Test
    void aHundredMegabyteAnswerStreamsThroughWithBoundedBuffering() throws Exception {
        long size = 100L * 1024 * 1024;
        f.upstream().enqueue(UpstreamFixture.Answer.stream(size));
        try (Socket socket = RawHttp.connect(null, f.front().server().port(), Duration.ofSeconds(30))) {
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.post("/EWS/Exchange.asmx", PassThroughTest.GET_ITEM.getBytes(StandardCharsets.UTF_8),
                    "Content-Type: text/xml; charset=utf-8"));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + size);
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            while (read < 1024 * 1024) read += in.read(buf, 0, (int) Math.min(buf.length, 1024 * 1024 - read));
            // The reader stops. If the front held the answer rather than streaming it, the upstream would run on
            // to the end; with back-pressure it stalls once the buffers along the way (socket buffers, a chunk) are full.
            Thread.sleep(1500);
            long ahead = f.upstream().streamed.get() - read;
            assertThat(ahead).as("bytes the upstream got ahead of a stalled reader").isLessThan(24L * 1024 * 1024);
            long mismatches = 0;
            long position = read;
            while (position < size) {
                int n = in.read(buf);
                if (n < 0) break;
                for (int i = 0; i < n; i++) if (buf[i] != UpstreamFixture.generated(position + i)) mismatches++;
                position += n;
            }
            assertThat(position).isEqualTo(size);
            assertThat(mismatches).isZero();
        }
        // What counts is what the front still holds, not the garbage the transfer left (and other tests' garbage):
        // collect first, or the check depends on when the collector last ran.
        System.gc();
        Runtime rt = Runtime.getRuntime();
        assertThat(rt.totalMemory() - rt.freeMemory()).as("heap still held after 100 MB went through")
                .isLessThan(size);
    }

    @Test
    void aClientThatGoesAwayCancelsItsUpstreamExchange() throws Exception {
        f.upstream().enqueue(UpstreamFixture.Answer.stream(200L * 1024 * 1024));
        try (Socket socket = RawHttp.connect(null, f.front().server().port(), Duration.ofSeconds(30))) {
            socket.getOutputStream().write(RawHttp.post("/EWS/Exchange.asmx",
                    GET_ITEM.getBytes(StandardCharsets.UTF_8), "Content-Type: text/xml"));
            readHead(socket.getInputStream());
            socket.getInputStream().readNBytes(256 * 1024);
        } // closed mid-answer
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (f.upstream().aborted.get() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(f.upstream().aborted.get()).as("the upstream's answer was cut off").isEqualTo(1);
        assertThat(f.upstream().streamed.get()).isLessThan(100L * 1024 * 1024);
    }

    @Test
    void aBodyWhoseStartArrivesInPiecesIsRoutedOnceItsOperationIsHereEitherWay() throws Exception {
        // The router reads the body's start with callbacks as it arrives: a pass-through waits for its operation element,
        // then streams on; one of ewstoken's operations is answered here.
        byte[] getItem = GET_ITEM.getBytes(StandardCharsets.UTF_8);
        RawHttp.Response proxied = inPieces(getItem, 200, "Authorization: Basic YWxpY2U6c2VjcmV0");
        assertThat(proxied.status()).isEqualTo(200);
        assertThat(f.upstream().takeRequest().body()).as("byte for byte, the start read to route it included")
                .isEqualTo(getItem);

        f.front().addUser(TestServer.ALICE);
        f.front().addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM, "https://addin.example/read.html",
                Set.of(), true, null);
        byte[] token = Envelopes.documented().getBytes(StandardCharsets.UTF_8);
        RawHttp.Response local = inPieces(token, token.length / 2,
                RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD));
        assertThat(local.status()).isEqualTo(200);
        assertThat(SoapResponses.messages(local.text())).singleElement()
                .satisfies(m -> assertThat(m.responseCode()).isEqualTo("NoError"));
        assertThat(f.upstream().pollRequest(Duration.ofMillis(300))).as("answered here").isNull();
    }

    /** Sends the head and the body's first {@code first} bytes, then, once nothing has reached the upstream, the rest. */
    private RawHttp.Response inPieces(byte[] body, int first, String authorization) throws Exception {
        byte[] whole = RawHttp.post("/EWS/Exchange.asmx", body, "Content-Type: text/xml; charset=utf-8", authorization);
        int split = whole.length - body.length + first;
        try (Socket socket = RawHttp.connect(null, f.front().server().port(), Duration.ofSeconds(30))) {
            OutputStream out = socket.getOutputStream();
            out.write(whole, 0, split);
            out.flush();
            assertThat(f.upstream().pollRequest(Duration.ofMillis(300))).as("not routed before its operation arrived")
                    .isNull();
            out.write(whole, split, whole.length - split);
            out.flush();
            return RawHttp.read(socket.getInputStream());
        }
    }

    static String readHead(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new java.io.EOFException("end of stream in the response head: " + sb);
            sb.append((char) c);
        }
        return sb.toString();
    }
}
