package org.ewstoken.server.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The server's threads, with one addition: an exchange completed through {@link #succeedHere} has its client
 * connection resumed by the completing thread instead of a woken pool thread. Jetty's HTTP/1 connection, when an
 * exchange completes after its handler returned (a forwarded request whose answer arrived later), always hands
 * the reading of the connection's next request to the pool; for the front's pass-through that hand-off, and the
 * selector wake-up the pool thread then causes, were the larger part of a request's context switches
 * (docs/benchmarks.md, "Issue 21, fourth session: the front"). Running it on the completing thread is what Jetty
 * does anyway when a connection becomes readable: the server's handlers never block (blocking routes are handed to
 * the pool by {@link RouteCall}), so a selector thread may read and route the next request itself.
 */
public final class ServerThreads extends QueuedThreadPool {

    /** Per thread: inside {@link #succeedHere}, and the connection it resumed (deferred until it returns). */
    private static final ThreadLocal<Deferred> DEFERRED = ThreadLocal.withInitial(Deferred::new);

    private static final class Deferred {
        boolean active;
        Runnable resumed;
    }

    public ServerThreads(int maxThreads, int minThreads) {
        super(maxThreads, minThreads);
    }

    /** Succeeds {@code callback}; a client connection that this resumes is then served on this thread. */
    public static void succeedHere(Callback callback) {
        Deferred d = DEFERRED.get();
        if (d.active) {
            callback.succeeded();
            return;
        }
        d.active = true;
        try {
            callback.succeeded();
        } finally {
            d.active = false;
            Runnable resumed = d.resumed;
            d.resumed = null;
            if (resumed != null) resumed.run();
        }
    }

    @Override
    public void execute(Runnable job) {
        if (job instanceof Connection) {
            Deferred d = DEFERRED.get();
            if (d.active && d.resumed == null) {
                d.resumed = job; // run by succeedHere once the completion returned: no deeper stack, no hand-off
                return;
            }
        }
        super.execute(job);
    }
}
