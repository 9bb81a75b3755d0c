package org.ewstoken.server.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Jetty's HTTP/1.1 connections, with two additions: each one is admitted and tracked by the
 * {@link ConnectionGuard}, and its parser refuses a chunk-size line (size plus extensions) longer than
 * {@code maxChunkLine} bytes. Jetty skips chunk extensions without a bound, so without this a client
 * could stream an endless extension, or endless leading zeros, that never becomes content.
 */
final class GuardedHttpConnectionFactory extends HttpConnectionFactory {

    private final ConnectionGuard guard;
    private final int maxChunkLine;

    GuardedHttpConnectionFactory(HttpConfiguration config, ConnectionGuard guard, int maxChunkLine) {
        super(config);
        this.guard = guard;
        this.maxChunkLine = maxChunkLine;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new Guarded(getHttpConfiguration(), connector, endPoint), connector, endPoint);
    }

    private final class Guarded extends HttpConnection {

        Guarded(HttpConfiguration config, Connector connector, EndPoint endPoint) {
            super(config, connector, endPoint);
        }

        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            HttpParser plain = super.newHttpParser(compliance);
            ChunkLineLimit parser = new ChunkLineLimit((HttpParser.RequestHandler) plain.getHandler(),
                    getHttpConfiguration().getRequestHeaderSize(), compliance, maxChunkLine);
            parser.setHeaderCacheSize(plain.getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(plain.isHeaderCacheCaseSensitive());
            return parser;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            if (!guard.opened(this)) getEndPoint().close();
        }

        @Override
        public void onClose(Throwable cause) {
            guard.closed(this);
            super.onClose(cause);
        }
    }

    /**
     * Counts the bytes of each chunk-size line; too many is a 400, as any bad chunk is. While a chunked
     * body is parsed, the parser is fed one line at a time (up to and including each LF), so every
     * chunk-size line starts a piece and is measured before the parser skips it.
     */
    static final class ChunkLineLimit extends HttpParser {
        private final int max;
        private int lineBytes;

        ChunkLineLimit(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance, int max) {
            super(handler, maxHeaderBytes, compliance);
            this.max = max + 2; // the line's CRLF
        }

        @Override
        public boolean parseNext(ByteBuffer buffer) {
            if (!inChunkedBody()) return super.parseNext(buffer);
            int limit = buffer.limit();
            try {
                while (buffer.hasRemaining() && inChunkedBody()) {
                    int from = buffer.position();
                    int end = from;
                    while (end < limit && buffer.get(end) != '\n') end++;
                    end = Math.min(limit, end + 1);
                    State state = getState();
                    if (state == State.CHUNKED_CONTENT || state == State.CHUNK_SIZE || state == State.CHUNK_PARAMS) {
                        lineBytes += end - from;
                        if (lineBytes > max) {
                            // As the parser treats a bad chunk once the request is being handled: the body
                            // the handler reads fails (an early end), and the connection closes after the answer.
                            BufferUtil.clear(buffer);
                            badMessage(new BadMessageException(400, "Chunk extension too long"));
                            return false;
                        }
                    }
                    buffer.limit(end);
                    boolean handle = super.parseNext(buffer);
                    int stoppedAt = buffer.position();
                    buffer.limit(limit);
                    if (stoppedAt == end && buffer.get(end - 1) == '\n') lineBytes = 0;
                    if (handle) return true;
                    if (stoppedAt < end) return false; // the parser wants no more now
                }
                return buffer.hasRemaining() && super.parseNext(buffer);
            } finally {
                buffer.limit(limit);
            }
        }

        private boolean inChunkedBody() {
            return isChunking() && inContentState();
        }
    }
}
