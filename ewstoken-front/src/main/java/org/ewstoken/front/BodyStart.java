package org.ewstoken.front;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.ewstoken.server.http.RouteCall;

/**
 * The start of a request's body, read without blocking so that a pass-through never leaves the selector thread: each
 * chunk as the client sends it, a demand callback (run by the selector) asking for the next, until the bytes so far
 * decide where the request goes ({@link Decision}). The decider bounds what is held (the router stops at
 * {@link EwsRouter#MAX_PREFIX}); nothing here waits. A body that cannot be read is answered 400; a decision that
 * throws is answered as any route's failure ({@link RouteCall#failed}).
 */
final class BodyStart implements Invocable.Task {

    /** Where the request goes, once the bytes read so far say it. */
    interface Decision {
        /** True when {@code buffer[0, length)} decided (and the request was passed on); {@code last}: that is all. */
        boolean decided(byte[] buffer, int length, boolean last) throws Exception;
    }

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Decision decision;
    private byte[] buffer;
    private int length;

    BodyStart(Request request, Response response, Callback callback, Decision decision) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.decision = decision;
        // Most EWS requests are smaller than 4 KiB and say their length: a buffer of that size, not 4 KiB for each.
        long declared = request.getLength();
        this.buffer = new byte[declared > 0 && declared < 4096 ? (int) declared : 4096];
    }

    /** Reads what has arrived; asks to be called again when more does, unless it decided. */
    @Override
    public void run() {
        try {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    Answers.text(response, callback, 400, "400 The request body could not be read.");
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int n = bytes.remaining();
                if (length + n > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
                bytes.get(buffer, length, n);
                length += n;
                boolean last = chunk.isLast();
                chunk.release();
                if (n == 0 && !last) continue;
                if (decision.decided(buffer, length, last) || last) return;
            }
        } catch (Exception e) {
            RouteCall.failed(request, response, callback, e);
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
