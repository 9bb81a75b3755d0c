package org.ewstoken.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listeners' connector and threads, on a real server and real sockets: an outgoing connection made for a request
 * is served by the thread that serves the request's connection and is not one of the listener's connections; an
 * exchange completed through {@link ServerThreads#succeedHere} has its connection's next request read by the completing
 * thread.
 */
class ListenerConnectorTest {

    private Server server;
    private ListenerConnector connector;
    private ServerSocket upstream;
    private final ExecutorService others = Executors.newCachedThreadPool(r -> new Thread(r, "completer"));

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.stop();
        if (upstream != null) upstream.close();
        others.shutdownNow();
    }

    private void start(Handler handler) throws Exception {
        server = new Server(new ServerThreads(50, 8));
        connector = new ListenerConnector(server, 1, 2, new HttpConnectionFactory()); // two selectors to choose from
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
    }

    /** One exchange on a new client connection (each may land on another selector). */
    private String exchange(String requests) throws IOException {
        try (Socket s = new Socket("127.0.0.1", connector.getLocalPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** An upstream that answers every "ping" line with "pong". */
    private void startUpstream() throws IOException {
        upstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        others.execute(() -> {
            while (!upstream.isClosed()) {
                try {
                    Socket s = upstream.accept();
                    others.execute(() -> {
                        try (s) {
                            InputStream in = s.getInputStream();
                            byte[] ping = in.readNBytes(5);
                            if (ping.length == 5) s.getOutputStream().write("pong\n".getBytes(StandardCharsets.US_ASCII));
                            in.read(); // until the front closes
                        } catch (IOException ignored) {
                            // the test is over
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** An outgoing connection with generous timeouts. */
    private record Outgoing(Function<EndPoint, Connection> connection, Consumer<Throwable> failure)
            implements ListenerConnector.Outgoing {
        @Override
        public long idleTimeoutMillis() {
            return 30_000;
        }

        @Override
        public long connectTimeoutMillis() {
            return 30_000;
        }

        @Override
        public Connection newConnection(EndPoint endPoint) {
            return connection.apply(endPoint);
        }

        @Override
        public void failed(Throwable x) {
            failure.accept(x);
        }
    }

    /** Sends "ping", and completes {@code answered} with the thread that read the answer. */
    private static final class Pinger extends AbstractConnection {
        private final CompletableFuture<Thread> answered;
        private final Callback fillable = Callback.from(Invocable.InvocationType.NON_BLOCKING, this::onFillable,
                this::onFillInterestedFailed);

        Pinger(EndPoint endPoint, java.util.concurrent.Executor executor, CompletableFuture<Thread> answered) {
            super(endPoint, executor);
            this.answered = answered;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            getEndPoint().write(Callback.NOOP, ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.US_ASCII)));
            fillInterested(fillable);
        }

        @Override
        public void onFillable() {
            try {
                ByteBuffer b = BufferUtil.allocate(16);
                if (getEndPoint().fill(b) > 0) {
                    answered.complete(Thread.currentThread());
                    close();
                } else {
                    fillInterested(fillable);
                }
            } catch (IOException e) {
                answered.completeExceptionally(e);
            }
        }
    }

    @Test
    void anOutgoingConnectionIsServedByTheThreadThatServesTheRequestsConnection() throws Exception {
        startUpstream();
        start(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws IOException {
                Thread reader = Thread.currentThread();
                CompletableFuture<Thread> answered = new CompletableFuture<>();
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                boolean connected = channel.connect(new InetSocketAddress("127.0.0.1", upstream.getLocalPort()));
                AtomicReference<EndPoint> outgoing = new AtomicReference<>();
                ListenerConnector.home(request).register(channel, connected, new Outgoing(endPoint -> {
                    outgoing.set(endPoint);
                    return new Pinger(endPoint, server.getThreadPool(), answered);
                }, answered::completeExceptionally));
                answered.whenComplete((thread, x) -> { // the outgoing connection is open here
                    // Asked of this end point: the count of the listener's connections would also hold an earlier
                    // exchange's client connection that is still closing.
                    boolean counted = connector.getConnectedEndPoints().contains(outgoing.get());
                    String said = x != null ? "failed: " + x : thread == reader ? "same thread" : "another thread";
                    HttpResponses.text(response, callback, 200, said + (counted ? ", a listener connection" : ", outgoing only"));
                });
                return true;
            }
        });
        for (int i = 0; i < 6; i++) {
            String answer = exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 200").contains("same thread").contains("outgoing only");
        }
    }

    @Test
    void anOutgoingConnectionThatCannotConnectIsReportedFailed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        start(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws IOException {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                boolean connected = channel.connect(new InetSocketAddress("127.0.0.1", closedPort));
                ListenerConnector.home(request).register(channel, connected, new Outgoing(endPoint -> {
                    throw new AssertionError("no connection expected");
                }, x -> HttpResponses.text(response, callback, 502, "failed: " + x.getClass().getSimpleName())));
                return true;
            }
        });
        assertThat(exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 502").contains("failed: ConnectException");
    }

    @Test
    void aConnectionsNextRequestIsReadByTheThreadThatCompletedTheExchangeThroughSucceedHere() throws Exception {
        CountDownLatch both = new CountDownLatch(1);
        AtomicReference<String> firstHandledBy = new AtomicReference<>();
        start(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String name = Thread.currentThread().getName();
                if (request.getHttpURI().getPath().equals("/second")) {
                    HttpResponses.text(response, callback, 200, "second read by " + name);
                    return true;
                }
                firstHandledBy.set(name);
                others.execute(() -> { // completed later, elsewhere, as a forwarded exchange is
                    try {
                        both.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    response.write(true, BufferUtil.toBuffer("first\n"),
                            Callback.from(() -> ServerThreads.succeedHere(callback), callback::failed));
                });
                return true;
            }
        });
        try (Socket s = new Socket("127.0.0.1", connector.getLocalPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)); // pipelined: the second is there when the first completes
            out.flush();
            both.countDown();
            String answers = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            // By the completing thread; or, when the completion won the race with the first handler's return, by
            // the thread that handled the first (Jetty then reads on itself). Never by a pool thread woken for it.
            assertThat(answers).contains("first");
            assertThat(answers.substring(answers.lastIndexOf("\r\n\r\n") + 4).strip())
                    .isIn("second read by completer", "second read by " + firstHandledBy.get());
        }
    }
}
