package org.ewstoken.server.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;

/**
 * What of a request body has arrived, read without waiting (on the selector thread): the whole body when
 * it came with the request's head, as a small EWS request does; else what came so far, which a blocking
 * reader continues from ({@link #then}), so a slow or large body is read, timed and bounded as before.
 *
 * @param bytes    what was read, {@code length} of them
 * @param complete the body's end was read
 * @param tooLarge more than the limit arrived (413; nothing more is read)
 */
record BodyAtHand(byte[] bytes, int length, boolean complete, boolean tooLarge) {

    /** Nothing read yet: the blocking reader reads it all. */
    static final BodyAtHand NOTHING = new BodyAtHand(new byte[0], 0, false, false);

    /** Reads the chunks that are there now, at most {@code max} bytes of them. */
    static BodyAtHand read(Content.Source source, long max) {
        byte[] buf = new byte[(int) Math.min(max + 1, 4096)];
        int n = 0;
        while (true) {
            Content.Chunk chunk = source.read();
            // Nothing there, or a failure (a timeout, a reset): the blocking reader sees and answers it as before.
            if (chunk == null) return new BodyAtHand(buf, n, false, false);
            if (Content.Chunk.isFailure(chunk)) return new BodyAtHand(buf, n, false, false);
            try {
                ByteBuffer b = chunk.getByteBuffer();
                int r = b.remaining();
                if (n + (long) r > max) return new BodyAtHand(buf, n, false, true);
                if (n + r > buf.length) buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max(2L * buf.length, n + r)));
                b.get(buf, n, r);
                n += r;
                if (chunk.isLast()) return new BodyAtHand(buf, n, true, false);
            } finally {
                chunk.release();
            }
        }
    }

    /** The whole body, when {@link #complete}. */
    InputStream stream() {
        return new ByteArrayInputStream(bytes, 0, length);
    }

    /** What was read, then the rest of {@code source} (read blocking). */
    InputStream then(Content.Source source) {
        InputStream rest = Content.Source.asInputStream(source);
        return length == 0 ? rest : new SequenceInputStream(stream(), rest);
    }
}
