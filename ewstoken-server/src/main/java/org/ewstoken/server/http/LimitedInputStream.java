package org.ewstoken.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/** Stops reading a request body past the configured limit, so a body without Content-Length is bounded too. */
final class LimitedInputStream extends FilterInputStream {

    /** Thrown when the body is larger than allowed; answered with HTTP 413. */
    static final class TooLargeException extends IOException {
        TooLargeException() {
            super("request body too large", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Thrown when the body is still arriving at the deadline (a slow client); answered with HTTP 408. */
    static final class TooSlowException extends IOException {
        TooSlowException() {
            super("request body too slow", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private long remaining;
    private final long deadline;

    LimitedInputStream(InputStream in, long limit) {
        this(in, limit, Duration.ofDays(365));
    }

    /**
     * Also bounds the time: a client that trickles its body stops holding a thread at {@code timeout}
     * (one that sends nothing at all is cut off sooner by the connection's idle timeout).
     */
    LimitedInputStream(InputStream in, long limit, Duration timeout) {
        super(in);
        this.remaining = limit;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        checkDeadline();
        if (b >= 0 && --remaining < 0) throw new TooLargeException();
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        checkDeadline();
        if (n > 0) {
            remaining -= n;
            if (remaining < 0) throw new TooLargeException();
        }
        return n;
    }

    private void checkDeadline() throws TooSlowException {
        if (System.nanoTime() - deadline > 0) throw new TooSlowException();
    }
}
