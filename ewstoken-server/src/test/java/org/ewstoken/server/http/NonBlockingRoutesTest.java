package org.ewstoken.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.ewstoken.testkit.ExpectedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a route's handler runs, on a real connector behind the listeners' own wrappers (the connection guard, the
 * request-target check, the per-listener routing): one that declares itself non-blocking on the thread that read the
 * request, any other on a thread of the pool, and the failures of both answered as before.
 */
class NonBlockingRoutesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String READ_BY = "test.readBy";

    private Server server;
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.stop();
    }

    /** Answers which thread it ran on, compared with the thread that took the request at the top of the chain. */
    private static Request.Handler tellsItsThread() {
        return (request, response, callback) -> {
            boolean same = request.getAttribute(READ_BY) == Thread.currentThread();
            HttpResponses.text(response, callback, 200, same ? "same thread" : "another thread");
            return true;
        };
    }

    private void start(HttpFeature... features) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ConnectionGuard guard = new ConnectionGuard(100, 0, Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        server.addBean(guard);
        OpsListener.Routing routing = new OpsListener.Routing(RouteTable.of(List.of(features)).withNotFound())
                .listener("elsewhere", RouteTable.of(List.of()).withNotFound());
        server.setHandler(new Handler.Wrapper(guard.around(routing)) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                request.setAttribute(READ_BY, Thread.currentThread());
                return super.handle(request, response, callback);
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyListenersChainIsNonBlockingSoJettyRunsItWithoutAHandOff() throws Exception {
        start(r -> r.exact("/blocking", "blocking", tellsItsThread()));
        assertThat(server.getInvocationType()).isEqualTo(InvocationType.NON_BLOCKING);
    }

    @Test
    void aNonBlockingRouteIsAnsweredOnTheThreadThatReadTheRequest() throws Exception {
        start(r -> r.exact("/quick", "quick", Route.nonBlocking(tellsItsThread())));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> res = get("/quick");
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body().strip()).isEqualTo("same thread");
        }
    }

    @Test
    void aBlockingRouteIsHandedToAThreadOfThePool() throws Exception {
        start(r -> r.exact("/slow", "slow", tellsItsThread()));
        HttpResponse<String> res = get("/slow");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body().strip()).isEqualTo("another thread");
    }

    @Test
    void aBlockingRouteMayBlockWhileTheServerAnswersOthers() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        start(r -> r.exact("/wait", "wait", (request, response, callback) -> {
            release.await();
            HttpResponses.text(response, callback, 200, "waited");
            return true;
        }), r -> r.exact("/quick", "quick", Route.nonBlocking(tellsItsThread())));
        var waiting = HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wait"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get("/quick").body().strip()).as("answered while /wait blocks its thread").isEqualTo("same thread");
        release.countDown();
        assertThat(waiting.get().body().strip()).isEqualTo("waited");
    }

    @Test
    void aFailingRouteIsA500WithoutDetailsWhetherBlockingOrNot() throws Exception {
        Request.Handler boom = (request, response, callback) -> {
            throw new IllegalStateException("secret internals at /etc/ewstoken");
        };
        start(r -> r.exact("/boom", "boom", boom), r -> r.exact("/quick-boom", "quick_boom", Route.nonBlocking(boom)));
        for (String path : List.of("/boom", "/quick-boom")) {
            HttpResponse<String> res;
            try (ExpectedLogs logs = ExpectedLogs.capture(RouteCall.class)) {
                res = get(path);
                assertThat(logs.messages()).anyMatch(m -> m.startsWith("ERROR") && m.contains("route " + path.substring(1).replace('-', '_')));
            }
            assertThat(res.statusCode()).as(path).isEqualTo(500);
            assertThat(res.body()).doesNotContain("secret", "IllegalState", "/etc");
        }
    }

    @Test
    void aDecliningRouteIsA404WhetherBlockingOrNot() throws Exception {
        Request.Handler declines = (request, response, callback) -> false;
        start(r -> r.exact("/no", "no", declines), r -> r.exact("/quick-no", "quick_no", Route.nonBlocking(declines)));
        assertThat(get("/no").statusCode()).isEqualTo(404);
        assertThat(get("/quick-no").statusCode()).isEqualTo(404);
    }

    @Test
    void aRouteFailingAfterItsAnswerBeganEndsTheConnectionWhetherBlockingOrNot() throws Exception {
        Request.Handler halfway = (request, response, callback) -> {
            response.setStatus(200);
            response.getHeaders().put("Content-Length", 100);
            response.write(false, ByteBuffer.wrap("partial".getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
            throw new IllegalStateException("after the head");
        };
        start(r -> r.exact("/half", "half", halfway), r -> r.exact("/quick-half", "quick_half", Route.nonBlocking(halfway)));
        for (String path : List.of("/half", "/quick-half")) {
            try (ExpectedLogs logs = ExpectedLogs.capture(RouteCall.class)) {
                String raw = exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(raw).as(path).startsWith("HTTP/1.1 200").contains("partial").doesNotContain("after the head");
                assertThat(logs.messages()).anyMatch(m -> m.startsWith("ERROR"));
            }
        }
    }

    /** Sends raw bytes and reads until the server closes the connection (within the socket timeout). */
    private String exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
