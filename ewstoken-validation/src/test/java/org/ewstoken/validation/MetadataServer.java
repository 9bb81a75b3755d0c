package org.ewstoken.validation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.ewstoken.tokens.MetadataDocument;

/**
 * A real HTTP(S) server (the JDK's) publishing an authentication metadata document, with switches for
 * the ways a metadata server misbehaves. Counts the requests it gets.
 */
final class MetadataServer implements AutoCloseable {

    static final String PATH = "/autodiscover/metadata/json/1";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String host;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger conditionalRequests = new AtomicInteger();
    private final String documentId = "_" + UUID.randomUUID();
    private volatile byte[] document = "{}".getBytes(StandardCharsets.UTF_8);
    private volatile String cacheControl = "public, max-age=300";
    private volatile HttpHandler override;
    private volatile long delayMillis;

    private MetadataServer(HttpServer server, String host) {
        this.server = server;
        this.host = host;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static MetadataServer http() throws IOException {
        return new MetadataServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                "127.0.0.1");
    }

    /** HTTPS under the name "localhost", with the given server-side TLS context. */
    static MetadataServer https(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new MetadataServer(s, "localhost");
    }

    URI metadataUrl() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://" + host + ":" + server.getAddress().getPort() + PATH);
    }

    String hostAndPort() {
        return host + ":" + server.getAddress().getPort();
    }

    /** Publishes these certificates, rendered by the server's own MetadataDocument. */
    void publish(List<X509Certificate> certificates) {
        document = MetadataDocument.render(documentId, metadataUrl(), certificates);
        override = null;
    }

    void cacheControl(String value) {
        cacheControl = value;
    }

    /** Answers every request with this handler instead (null: back to the document). */
    void respondWith(HttpHandler handler) {
        override = handler;
    }

    /** Waits this long before answering each request. */
    void delay(java.time.Duration d) {
        delayMillis = d.toMillis();
    }

    int requests() {
        return requests.get();
    }

    int conditionalRequests() {
        return conditionalRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (delayMillis > 0) IdentityTokenValidatorTest.sleep(delayMillis);
            HttpHandler h = override;
            if (h != null) {
                h.handle(exchange);
                return;
            }
            byte[] body = document;
            String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                conditionalRequests.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
