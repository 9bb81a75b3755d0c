package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.hostile.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NTLM and Negotiate authenticate a connection, not a request: through the front, a handshake begun on one
 * client connection must continue on one upstream connection, and that signed-in upstream connection must
 * never carry another client's requests. The fixture plays IIS's NTLM (see {@link UpstreamFixture#ntlm}); no
 * real NTLM or Kerberos is involved, only the relay mechanics.
 */
class AffinityTest {

    static final String TYPE1 = "NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAF1YAAAADw==";
    static final String TYPE3 = "NTLM TlRMTVNTUAADAAAAGAAYAEAAAAAYABgAWAAAAA==";

    @TempDir Path dir;

    /** One keep-alive connection to the front, several requests on it. */
    static final class Connection implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Connection(int port) throws Exception {
            socket = RawHttp.connect(null, port, Duration.ofSeconds(20));
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        RawHttp.Response post(String authorization) throws Exception {
            byte[] body = PassThroughTest.GET_ITEM.getBytes(StandardCharsets.UTF_8);
            String head = "POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=utf-8\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            out.write(RawHttp.concat(head.getBytes(StandardCharsets.ISO_8859_1), body));
            out.flush();
            return RawHttp.read(in);
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void anNtlmHandshakeContinuesOnOneUpstreamConnectionWhichStaysThatClientsOwn() throws Exception {
        try (UpstreamFixture upstream = new UpstreamFixture();
             TestServer front = Front.start(dir.resolve("data"), upstream)) {
            upstream.ntlm(true);
            // Open several pooled upstream connections first, so that "the same connection" cannot happen by chance.
            try (Connection warm1 = new Connection(front.server().port());
                 Connection warm2 = new Connection(front.server().port())) {
                warm1.post(null);
                warm2.post(null);
            }
            while (upstream.pollRequest(Duration.ofMillis(100)) != null) { /* drain */ }

            try (Connection outlook = new Connection(front.server().port());
                 Connection stranger = new Connection(front.server().port())) {
                RawHttp.Response challenge0 = outlook.post(null);
                assertThat(challenge0.status()).isEqualTo(401);
                assertThat(challenge0.header("www-authenticate")).isEqualTo("NTLM");
                upstream.takeRequest();

                RawHttp.Response challenge = outlook.post(TYPE1);
                assertThat(challenge.status()).isEqualTo(401);
                assertThat(challenge.header("www-authenticate")).startsWith("NTLM TlRMTVNTUAAC");
                String leg1 = upstream.takeRequest().connection();

                RawHttp.Response signedIn = outlook.post(TYPE3);
                assertThat(signedIn.status()).as("type 3 reached the connection type 1 came on").isEqualTo(200);
                assertThat(upstream.takeRequest().connection()).isEqualTo(leg1);

                // The connection is signed in now: requests without a header ride on it...
                assertThat(outlook.post(null).status()).isEqualTo(200);
                assertThat(upstream.takeRequest().connection()).isEqualTo(leg1);
                // ...and nobody else's do.
                assertThat(stranger.post(null).status()).isEqualTo(401);
                assertThat(upstream.takeRequest().connection()).isNotEqualTo(leg1);
                assertThat(upstream.signedInConnections()).containsExactly(leg1);
            }
        }
    }

    @Test
    void aPinnedUpstreamConnectionIsClosedWithItsClientConnection() throws Exception {
        try (UpstreamFixture upstream = new UpstreamFixture();
             TestServer front = Front.start(dir.resolve("data"), upstream)) {
            upstream.ntlm(true);
            String leg1;
            try (Connection outlook = new Connection(front.server().port())) {
                outlook.post(TYPE1);
                leg1 = upstream.takeRequest().connection();
                assertThat(outlook.post(TYPE3).status()).isEqualTo(200);
                upstream.takeRequest();
            }
            // A new client connection with no handshake of its own is not signed in, whatever the pool holds.
            try (Connection next = new Connection(front.server().port())) {
                assertThat(next.post(null).status()).isEqualTo(401);
                assertThat(upstream.takeRequest().connection()).isNotEqualTo(leg1);
            }
        }
    }
}
