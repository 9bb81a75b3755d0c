package org.ewstoken.server.http;

import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calling a route's handler where it may run, with one way of answering what it does wrong. Every listener's handler
 * chain is non-blocking, so Jetty runs it on the selector thread that read the request (a hand-off to a pool thread
 * was the dearest step of a small request: docs/benchmarks.md). A handler that declares itself non-blocking
 * ({@link Route#nonBlocking}) runs right there; any other is handed to the server's thread pool here, once, as Jetty
 * would have done. Either way a handler that throws gets a 500 (or, answer begun, its exchange failed) and one that
 * declines gets a 404.
 */
public final class RouteCall {

    private static final Logger LOG = LoggerFactory.getLogger(RouteCall.class);

    private RouteCall() {
    }

    /** Calls {@code handler} on this thread if it never blocks, else on the server's pool. */
    public static void call(Request.Handler handler, Request request, Response response, Callback callback) {
        if (Route.isNonBlocking(handler)) inline(handler, request, response, callback);
        else onPool(handler, request, response, callback);
    }

    /** Calls {@code handler} on a thread of the server's pool (a full pool is answered 503). */
    public static void onPool(Request.Handler handler, Request request, Response response, Callback callback) {
        try {
            request.getContext().execute(() -> {
                try {
                    inline(handler, request, response, callback);
                } catch (Error e) {
                    callback.failed(e); // Jetty would have failed the exchange for an Error thrown on its own thread
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("no thread free to answer {} on route {}: the server's queue is full", request.getMethod(), route(request));
            response.getHeaders().put("Connection", "close");
            response.getHeaders().put("Retry-After", "1");
            HttpResponses.text(response, callback, 503, "503 Service Unavailable: the server is busy, try again.");
        }
    }

    /** Calls {@code handler} on this thread. */
    public static void inline(Request.Handler handler, Request request, Response response, Callback callback) {
        try {
            if (!handler.handle(request, response, callback)) {
                HttpResponses.text(response, callback, 404, "404 Not Found.");
            }
        } catch (Exception e) {
            failed(request, response, callback, e);
        }
    }

    /**
     * What a handler's unexpected failure becomes: the route's metric name in the log, never the path (the client
     * chose that); a 500 without details while nothing was sent, else the exchange fails (Jetty ends the connection).
     */
    public static void failed(Request request, Response response, Callback callback, Throwable e) {
        LOG.error("unexpected failure answering {} on route {}: {}", request.getMethod(), route(request), e.toString());
        if (!response.isCommitted()) {
            HttpResponses.text(response, callback, 500, "500 Internal Server Error.");
        } else {
            callback.failed(e);
        }
    }

    private static Object route(Request request) {
        Object name = request.getAttribute(RouteTable.METRIC_ATTRIBUTE);
        return name != null ? name : RouteTable.UNMATCHED;
    }

    /** A task that runs on the thread that makes it ready (a selector's), for demand and write callbacks. */
    public static Runnable nonBlocking(Runnable task) {
        return Invocable.from(Invocable.InvocationType.NON_BLOCKING, task);
    }
}
