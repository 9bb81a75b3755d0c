package org.ewstoken.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

/**
 * Talks to a running server in memory, through a Jetty {@link LocalConnector} beside its main
 * listener: the same handlers, route tables and HTTP configuration, without sockets. For tests of
 * what the server answers (routes, pages, JSON, errors) where the wire adds nothing; tests of TLS,
 * connection limits, slow clients or real clients stay on the socket.
 */
public final class LocalHttp {

    private static final long TIMEOUT_SECONDS = 30;

    private final LocalConnector connector;
    private final String host;

    private LocalHttp(LocalConnector connector, String host) {
        this.connector = connector;
        this.host = host;
    }

    /** Adds an in-memory connector to the started {@code server}, configured as its main HTTP listener. */
    public static LocalHttp attach(EwsTokenServer server) throws Exception {
        Server jetty = server.jetty();
        LocalConnector connector = new LocalConnector(jetty, new HttpConnectionFactory(mainListener(jetty)
                .getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()));
        jetty.addConnector(connector);
        connector.start();
        return new LocalHttp(connector, "127.0.0.1:" + server.port());
    }

    private static ServerConnector mainListener(Server jetty) {
        for (var c : jetty.getConnectors()) {
            if (c instanceof ServerConnector sc && sc.getName() == null
                    && sc.getConnectionFactory(SslConnectionFactory.class) == null) {
                return sc;
            }
        }
        throw new IllegalStateException("the server has no plain HTTP listener");
    }

    /** One request, answered as the socket would answer it (status, headers, body read as UTF-8). */
    public HttpResponse<String> exchange(String method, URI uri, byte[] body, Map<String, List<String>> headers)
            throws Exception {
        StringBuilder head = new StringBuilder(method).append(' ').append(uri.getRawPath());
        if (uri.getRawQuery() != null) head.append('?').append(uri.getRawQuery());
        head.append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        headers.forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
        if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) raw.writeBytes(body);
        ByteBuffer answer = connector.getResponse(ByteBuffer.wrap(raw.toByteArray()), "HEAD".equals(method),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (answer == null) throw new IllegalStateException("no answer within " + TIMEOUT_SECONDS + " s: " + method + " " + uri);
        HttpTester.Response r = HttpTester.parseResponse(answer);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (HttpField f : r) {
            fields.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(f.getValue());
        }
        byte[] content = r.getContentBytes();
        String text = content == null ? "" : new String(content, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return new Answer(r.getStatus(), HttpHeaders.of(fields, (n, v) -> true), text, request);
    }

    /** A {@link HttpResponse} read from the connector, so tests assert on it as on the socket's. */
    private record Answer(int statusCode, HttpHeaders headers, String body, HttpRequest request)
            implements HttpResponse<String> {

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
