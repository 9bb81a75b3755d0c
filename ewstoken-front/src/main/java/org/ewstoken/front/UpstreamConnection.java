package org.ewstoken.front;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * One HTTP/1.1 connection to the upstream, carrying one {@link Forwarding} at a time: Jetty's connection, parser
 * and buffers, without its HTTP client's per-exchange objects. The answer is parsed from one pooled buffer, and
 * each piece of its body is written to the client before the buffer is filled again (back-pressure: a client that
 * reads slowly holds the upstream too, with one buffer in memory). Between exchanges the connection stays
 * fill-interested in its pool, so that an upstream that closes it is noticed.
 */
final class UpstreamConnection extends AbstractConnection implements HttpParser.ResponseHandler {

    static final int BUFFER_SIZE = 16 * 1024;
    /** An upstream's answer head (status line and headers) beyond this is not accepted. */
    static final int MAX_RESPONSE_HEAD = 64 * 1024;

    private final UpstreamPool pool;
    final ConcurrentLinkedDeque<UpstreamConnection> home; // its selector's idle connections, between exchanges
    private final ByteBufferPool buffers;
    private final HttpParser parser = new HttpParser(this, MAX_RESPONSE_HEAD);
    private Promise<UpstreamConnection> opened;
    private RetainableByteBuffer buffer;
    /** The request head's bytes, reused: only one exchange at a time is on a connection. */
    byte[] head = new byte[4096];

    private volatile Forwarding exchange;
    private int status;
    private HttpVersion version;
    private HttpFields.Mutable fields;
    private boolean interim;
    private boolean connectionClose;
    private long contentLength;
    private long bodyBytes;
    private ByteBuffer content;
    private boolean lastWritten;
    private boolean complete;
    private Throwable failure;

    UpstreamConnection(EndPoint endPoint, UpstreamPool pool, ConcurrentLinkedDeque<UpstreamConnection> home,
                       Promise<UpstreamConnection> opened) {
        super(endPoint, pool.connector().getExecutor());
        this.buffers = pool.connector().getByteBufferPool();
        this.pool = pool;
        this.home = home;
        this.opened = opened;
    }

    /** Why TLS failed, if it did: the endpoint closes right after, and the close alone would read as "unreachable". */
    private volatile Throwable tlsFailure;

    @Override
    public void onOpen() {
        super.onOpen();
        if (getEndPoint() instanceof SslConnection.SslEndPoint ssl) {
            ssl.getSslConnection().addHandshakeListener(new SslHandshakeListener() {
                @Override
                public void handshakeFailed(Event event, Throwable failure) {
                    tlsFailure = failure;
                }
            });
        }
        fillInterested();
        Promise<UpstreamConnection> p = opened;
        opened = null;
        p.succeeded(this);
    }

    /** Starts {@code f} on this connection: its request goes out, its answer is awaited. */
    void send(Forwarding f) {
        status = 0;
        version = null;
        fields = HttpFields.build();
        interim = false;
        connectionClose = false;
        contentLength = -1;
        bodyBytes = 0;
        content = null;
        lastWritten = false;
        complete = false;
        failure = null;
        parser.reset();
        parser.setHeadResponse(f.isHead());
        exchange = f;
        f.sendRequest(this);
    }

    /**
     * The answer is parsed and passed on by the selector thread that saw it arrive, not handed to a pool thread as
     * Jetty's own fill callback is (a hand-off is the dearest step of a pass-through: docs/benchmarks.md, "The EWS
     * front"). Nothing on that path blocks: client writes are asynchronous, the exchange's completion steps only count,
     * and Jetty hands a client's next (pipelined) request to a pool thread itself when an exchange completes elsewhere.
     */
    private final Callback fillable = Callback.from(Invocable.InvocationType.NON_BLOCKING, this::onFillable,
            this::onFillInterestedFailed);

    @Override
    public void fillInterested() {
        fillInterested(fillable);
    }

    @Override
    public void onFillable() {
        if (exchange == null) {
            // Idle in the pool: the upstream closed the connection (or sent what no request asked for).
            close();
            return;
        }
        process();
    }

    /** Parses what the upstream sent and passes it on, until more must be read or a client write is pending. */
    void process() {
        Forwarding f = exchange;
        if (f == null) return;
        try {
            while (true) {
                if (f.isFinished()) return;
                if (failure != null) {
                    f.failed(failure);
                    return;
                }
                if (content != null) {
                    ByteBuffer c = content;
                    content = null;
                    boolean last = contentLength >= 0 && bodyBytes >= contentLength;
                    lastWritten |= last;
                    if (!f.writeContent(c, last)) return; // resumed by the write's completion
                    continue;
                }
                if (complete) {
                    if (!lastWritten) {
                        lastWritten = true;
                        if (!f.writeContent(BufferUtil.EMPTY_BUFFER, true)) return;
                    }
                    finish(f);
                    return;
                }
                ByteBuffer b = buffer();
                // Parsed even when empty: a body whose last byte was passed on ends only when the parser says so.
                int before = b.remaining();
                parser.parseNext(b);
                if (content != null || complete || failure != null) continue;
                if (b.hasRemaining() && b.remaining() < before) continue;
                if (!b.hasRemaining()) BufferUtil.clear(b);
                else if (BufferUtil.space(b) == 0) BufferUtil.compact(b);
                int n = getEndPoint().fill(b);
                if (n > 0) continue;
                if (n == 0) {
                    releaseBufferIfEmpty();
                    fillInterested();
                    return;
                }
                parser.atEOF();
                parser.parseNext(b);
                if (!complete && content == null && failure == null) failure = new EOFException("the upstream closed the connection");
            }
        } catch (Throwable x) {
            f.failed(x);
        }
    }

    private void finish(Forwarding f) {
        boolean reusable = version == HttpVersion.HTTP_1_1 && !connectionClose
                && (contentLength >= 0 || parser.isChunking() || f.isHead() || status == 204 || status == 304)
                && !(buffer != null && buffer.getByteBuffer().hasRemaining()); // no bytes nobody asked for
        releaseBufferIfEmpty();
        f.responseDone(reusable, status);
    }

    /** The exchange is over, both ways: back to the pool, or closed when it cannot carry another. */
    void ended(boolean reusable) {
        exchange = null;
        if (reusable) {
            fillInterested();
            pool.release(this);
        } else {
            close();
        }
    }

    /** The failure to report for {@code x}: a TLS failure that came first wins. */
    Throwable explain(Throwable x) {
        Throwable tls = tlsFailure;
        return tls != null ? tls : x;
    }

    /** Called by the exchange once it has failed: the connection is in an unknown state. */
    void abandon() {
        exchange = null;
        close();
    }

    private ByteBuffer buffer() {
        if (buffer == null) buffer = buffers.acquire(BUFFER_SIZE, true);
        return buffer.getByteBuffer();
    }

    private void releaseBufferIfEmpty() {
        if (buffer != null && !buffer.getByteBuffer().hasRemaining()) {
            buffer.release();
            buffer = null;
        }
    }

    @Override
    public void startResponse(HttpVersion version, int status, String reason) {
        this.version = version;
        this.status = status;
    }

    @Override
    public void parsedHeader(HttpField field) {
        if (field.getHeader() == HttpHeader.CONNECTION && field.contains(HttpHeaderValue.CLOSE.asString())) connectionClose = true;
        fields.add(field);
    }

    @Override
    public boolean headerComplete() {
        if (status >= 100 && status < 200 && status != 101) {
            interim = true; // 100 Continue, 102, 103: nothing for the client here, the final answer follows
            return false;
        }
        contentLength = parser.getContentLength();
        exchange.responseHead(status, fields);
        return false;
    }

    @Override
    public boolean content(ByteBuffer piece) {
        bodyBytes += piece.remaining();
        content = piece;
        return true;
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        if (interim) {
            interim = false;
            fields = HttpFields.build();
            parser.reset();
            parser.setHeadResponse(exchange.isHead());
            return true;
        }
        complete = true;
        return true;
    }

    @Override
    public void earlyEOF() {
        failure = new EOFException("the upstream closed the connection before its answer ended");
    }

    @Override
    public void badMessage(HttpException x) {
        failure = new EOFException("the upstream's answer is not HTTP: " + x.getReason());
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        Forwarding f = exchange;
        if (f != null) f.failed(timeout);
        return true;
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        pool.closed(this);
        Forwarding f = exchange;
        // The buffer is not released here: a closing thread may race the one parsing; the garbage collector takes it.
        if (f != null) f.failed(cause != null ? cause : new ClosedChannelException());
    }
}
