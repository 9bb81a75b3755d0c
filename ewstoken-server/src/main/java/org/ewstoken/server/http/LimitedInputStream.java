package org.ewstoken.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

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

    private long remaining;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && --remaining < 0) throw new TooLargeException();
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            remaining -= n;
            if (remaining < 0) throw new TooLargeException();
        }
        return n;
    }
}
