package org.ewstoken.front;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Scheduler;
import org.ewstoken.server.http.RouteCall;
import org.ewstoken.server.http.ServerThreads;

/**
 * One client request forwarded on a pooled {@link UpstreamConnection}: the request head (headers from
 * {@link UpstreamHeaders}), then its body chunk by chunk as the client sends it (each chunk written before the next
 * is read), then the answer streamed back (see the connection). It ends once, either way: the client's callback
 * succeeds after the last byte was written, or an upstream failure becomes a SOAP fault ({@link UpstreamFailure}).
 */
final class Forwarding implements Promise<UpstreamConnection> {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int WRITING = 0;
    private static final int INLINE = 1;
    private static final int ASYNC = 2;

    private final ForwardingEngine engine;
    private final Request request;
    private final Response response;
    private final Callback callback;
    /** The callback gate's rebuilt body (null: the client's streams). */
    private final byte[] rewritten;
    private final boolean head;
    private final long started = System.nanoTime();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicInteger write = new AtomicInteger();
    private volatile UpstreamConnection connection;
    private volatile boolean clientFailed;
    private volatile Scheduler.Task timer;
    /** The request sent and the answer passed on: the exchange ends when both are (the later one ends it). */
    private final AtomicInteger parts = new AtomicInteger(2);
    private volatile boolean reusable;
    private volatile int status;

    /** @param service the gate's allowed request, forwarded as the service account; null: forwarded as the client */
    Forwarding(ForwardingEngine engine, Request request, Response response, Callback callback,
               ServiceAccountRequest service) {
        this.engine = engine;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.rewritten = service == null ? null : service.body();
        this.head = "HEAD".equals(request.getMethod());
    }

    void start() {
        // A client that goes away (or times out) takes its upstream exchange with it.
        request.addFailureListener(this::failed);
        if (!engine.timeout().isZero()) {
            timer = engine.scheduler().schedule(() -> failed(new TimeoutException("upstream-timeout")),
                    engine.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        engine.pool().acquire(request, this);
    }

    /** The pool's connection for this exchange. */
    @Override
    public void succeeded(UpstreamConnection c) {
        if (finished.get()) {
            engine.pool().release(c);
            return;
        }
        connection = c;
        c.send(this);
    }

    /** The pool could not connect. */
    @Override
    public void failed(Throwable x) {
        if (!finished.compareAndSet(false, true)) return;
        cancelTimer();
        UpstreamConnection c = connection;
        if (c != null) {
            x = c.explain(x);
            c.abandon();
        }
        if (clientFailed) {
            engine.metrics().upstream("aborted", System.nanoTime() - started);
            callback.failed(x);
            return;
        }
        UpstreamFailure.answer(request.getMethod(), x, engine.writer(), engine.metrics(), System.nanoTime() - started,
                response, callback);
    }

    boolean isHead() {
        return head;
    }

    boolean isFinished() {
        return finished.get();
    }

    /** Writes the request head and body to {@code c}. */
    void sendRequest(UpstreamConnection c) {
        HttpFields.Mutable fields = engine.headers().of(request);
        fields.remove(HttpHeader.EXPECT); // the body is read here, which answers the client's 100-continue
        boolean chunked = false;
        if (rewritten != null) {
            fields.put(HttpHeader.CONTENT_LENGTH, rewritten.length);
        } else if (request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            fields.remove(HttpHeader.CONTENT_LENGTH);
            fields.put(HttpHeader.TRANSFER_ENCODING, "chunked");
            chunked = true;
        }
        if (!fields.contains(HttpHeader.HOST)) fields.put(HttpHeader.HOST, engine.target().authority());
        boolean body = rewritten != null || chunked || request.getLength() > 0;
        ByteBuffer headBytes = RequestHead.write(c, request.getMethod(), engine.target().of(request), fields);
        new RequestBody(c, headBytes, body, chunked).iterate();
    }

    /** The upstream's status and headers, less the hop-by-hop ones, for the client. */
    void responseHead(int status, HttpFields fields) {
        if (finished.get()) return;
        response.setStatus(status);
        Set<String> named = UpstreamHeaders.connectionNamed(fields);
        HttpFields.Mutable out = response.getHeaders();
        for (HttpField f : fields) {
            if (UpstreamHeaders.isHopByHop(f)) continue;
            if (named != null && named.contains(f.getLowerCaseName())) continue;
            out.add(f);
        }
    }

    /** Writes a piece of the answer to the client; true when that completed at once, else the connection resumes. */
    boolean writeContent(ByteBuffer piece, boolean last) {
        write.set(WRITING);
        response.write(last, piece, written);
        return !write.compareAndSet(WRITING, ASYNC);
    }

    private final Callback written = new Callback() {
        @Override
        public void succeeded() {
            if (write.compareAndSet(WRITING, INLINE)) return;
            UpstreamConnection c = connection;
            if (c != null) c.process();
        }

        @Override
        public void failed(Throwable x) {
            clientFailed = true; // the client cannot be written to: the upstream exchange ends too
            Forwarding.this.failed(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    };

    /** The answer was passed on whole; the connection can carry another exchange if {@code reusable}. */
    void responseDone(boolean reusable, int status) {
        this.reusable = reusable;
        this.status = status;
        partDone();
    }

    /**
     * Ends the exchange once the request is sent too: the client's body is then read to its end, so Jetty keeps the
     * client's connection (it closes one whose request was not read whole), and the upstream connection is clean.
     */
    private void partDone() {
        if (parts.decrementAndGet() != 0) return;
        if (!finished.compareAndSet(false, true)) return;
        cancelTimer();
        connection.ended(reusable);
        engine.metrics().upstream(status, System.nanoTime() - started);
        ServerThreads.succeedHere(callback); // the client's next request is read by this thread, not a woken one
    }

    private void cancelTimer() {
        Scheduler.Task t = timer;
        if (t != null) t.cancel();
    }

    /** The request's body, from the client to the upstream, a chunk at a time (the first write carries the head). */
    private final class RequestBody extends IteratingCallback {
        private final UpstreamConnection c;
        private ByteBuffer headBytes;
        private final boolean body;
        private final boolean chunked;
        private Content.Chunk current;
        private boolean done;
        private final Runnable more = RouteCall.nonBlocking(this::iterate);

        RequestBody(UpstreamConnection c, ByteBuffer headBytes, boolean body, boolean chunked) {
            this.c = c;
            this.headBytes = headBytes;
            this.body = body;
            this.chunked = chunked;
        }

        @Override
        protected Action process() throws Throwable {
            if (current != null) {
                current.release();
                current = null;
            }
            if (done || finished.get()) return done ? Action.SUCCEEDED : Action.IDLE;
            if (rewritten != null || !body) {
                done = true;
                if (rewritten != null) c.getEndPoint().write(this, headBytes, ByteBuffer.wrap(rewritten));
                else c.getEndPoint().write(this, headBytes);
                return Action.SCHEDULED;
            }
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(more); // run by the selector thread: writing to the upstream does not block
                return Action.IDLE;
            }
            if (Content.Chunk.isFailure(chunk)) throw chunk.getFailure();
            current = chunk;
            ByteBuffer data = chunk.getByteBuffer();
            done = chunk.isLast();
            ByteBuffer h = headBytes;
            headBytes = null;
            if (!chunked) {
                if (h == null) c.getEndPoint().write(this, data);
                else c.getEndPoint().write(this, h, data);
                return Action.SCHEDULED;
            }
            ByteBuffer size = data.hasRemaining()
                    ? ByteBuffer.wrap((Integer.toHexString(data.remaining()) + "\r\n").getBytes(StandardCharsets.US_ASCII))
                    : BufferUtil.EMPTY_BUFFER;
            ByteBuffer end = data.hasRemaining() ? ByteBuffer.wrap(CRLF) : BufferUtil.EMPTY_BUFFER;
            ByteBuffer last = done ? ByteBuffer.wrap(LAST_CHUNK) : BufferUtil.EMPTY_BUFFER;
            c.getEndPoint().write(this, h == null ? BufferUtil.EMPTY_BUFFER : h, size, data, end, last);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            partDone();
        }

        @Override
        protected void onCompleteFailure(Throwable x) {
            if (current != null) {
                current.release();
                current = null;
            }
            Forwarding.this.failed(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
