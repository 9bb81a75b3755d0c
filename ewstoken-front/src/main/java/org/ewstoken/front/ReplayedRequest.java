package org.ewstoken.front;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * The client's request with the first bytes of its body, already read to route it, given back first:
 * whoever handles it next (the local endpoint or the proxy) reads the body from its start, and the rest
 * still streams from the client.
 */
final class ReplayedRequest extends Request.Wrapper {

    private ByteBuffer prefix;
    private final boolean complete;

    /** @param complete whether the prefix is the whole body (the client's last chunk was read) */
    ReplayedRequest(Request request, ByteBuffer prefix, boolean complete) {
        super(request);
        this.prefix = prefix;
        this.complete = complete;
    }

    @Override
    public Content.Chunk read() {
        ByteBuffer p;
        synchronized (this) {
            p = prefix;
            prefix = null;
        }
        if (p != null) return Content.Chunk.from(p, complete);
        if (complete) return Content.Chunk.EOF;
        return super.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        boolean ready;
        synchronized (this) {
            ready = prefix != null || complete;
        }
        if (ready) demandCallback.run();
        else super.demand(demandCallback);
    }
}
