package org.ewstoken.server.metrics;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.http.RouteTable;

/**
 * Counts and times every request, labelled by the fixed metric name of the route that took it (never
 * the path itself, which a client chooses; {@code other} when no route did), and the status code when
 * the response completes.
 */
public final class RequestMetricsHandler extends Handler.Wrapper {

    private final ServerMetrics metrics;

    public RequestMetricsHandler(Handler next, ServerMetrics metrics) {
        super(next);
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        Callback measured = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                metrics.request(operation(request), response.getStatus(), System.nanoTime() - start);
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                metrics.request(operation(request), response.isCommitted() ? response.getStatus() : 500,
                        System.nanoTime() - start);
                super.failed(x);
            }
        };
        return super.handle(request, response, measured);
    }

    private static String operation(Request request) {
        return request.getAttribute(RouteTable.METRIC_ATTRIBUTE) instanceof String name ? name : RouteTable.UNMATCHED;
    }
}
