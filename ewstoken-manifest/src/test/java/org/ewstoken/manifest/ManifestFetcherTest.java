package org.ewstoken.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.ewstoken.manifest.ManifestException.Problem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Downloads from a real HTTP server on the loopback interface. */
class ManifestFetcherTest {
    static HttpServer server;
    static final byte[] MANIFEST = Corpus.bytes("mailapp-1.1-full.xml");

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/manifest.xml", x -> send(x, 200, MANIFEST));
        server.createContext("/moved", x -> redirect(x, "/manifest.xml"));
        server.createContext("/to-https", x -> redirect(x, "https://127.0.0.1:1/manifest.xml"));
        server.createContext("/to-file", x -> redirect(x, "file:///etc/passwd"));
        server.createContext("/loop", x -> redirect(x, "/loop"));
        server.createContext("/missing", x -> send(x, 404, new byte[0]));
        server.createContext("/big", x -> send(x, 200, new byte[300_000]));
        server.createContext("/big-chunked", x -> {
            x.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[10_000]);
                }
            } catch (IOException ignored) {
                // the client hung up once it had seen enough, as it should
            }
        });
        server.createContext("/slow", x -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(x, 200, MANIFEST);
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange x, int status, byte[] body) throws IOException {
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        send(x, 302, new byte[0]);
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Generous: a loaded machine must not turn a refusal under test into a timeout. */
    private final ManifestFetcher fetcher = new ManifestFetcher(Duration.ofSeconds(10), 256 * 1024, true);

    private static ManifestException failure(ManifestFetcher f, String path) {
        return catchThrowableOfType(ManifestException.class, () -> f.fetch(url(path)));
    }

    @Test
    void aManifestIsDownloadedAndRedirectsWithinTheSchemeAreFollowed() throws Exception {
        assertThat(fetcher.fetch(url("/manifest.xml"))).isEqualTo(MANIFEST);
        assertThat(fetcher.fetch(url("/moved"))).isEqualTo(MANIFEST);
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        ManifestFetcher strict = new ManifestFetcher(Duration.ofSeconds(10), 256 * 1024, false);

        ManifestException e = failure(strict, "/manifest.xml");

        assertThat(e.problem()).isEqualTo(Problem.FETCH_FAILED);
        assertThat(e.getMessage()).contains("only https URLs");
        assertThat(e.where()).isEqualTo(url("/manifest.xml").toString());
    }

    @Test
    void redirectsToAnotherSchemeAreNotFollowed() {
        assertThat(failure(fetcher, "/to-https").getMessage()).contains("from http to another scheme (https)");
        assertThat(failure(fetcher, "/to-file").getMessage()).contains("to another scheme (file)");
    }

    @Test
    void redirectLoopsEnd() {
        assertThat(failure(fetcher, "/loop").getMessage()).contains("more than 5 redirects");
    }

    @Test
    void anHttpErrorIsReported() {
        assertThat(failure(fetcher, "/missing").getMessage()).contains("HTTP 404");
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWithOrWithoutContentLength() {
        assertThat(failure(fetcher, "/big").problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(failure(fetcher, "/big-chunked").problem()).isEqualTo(Problem.TOO_LARGE);
    }

    @Test
    void aSlowServerTimesOut() {
        long start = System.nanoTime();

        ManifestException e = failure(new ManifestFetcher(Duration.ofMillis(300), 256 * 1024, true), "/slow");

        assertThat(e.problem()).isEqualTo(Problem.FETCH_FAILED);
        assertThat(e.getMessage()).contains("within 300 ms");
        // Well under the server's 10 s, with room for a loaded machine: the deadline was kept, not waited out.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
