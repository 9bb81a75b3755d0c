package org.ewstoken.server.metrics;

import java.util.Locale;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts and times every request, labelled by a fixed operation name derived from the path (never
 * the path itself, which a client chooses), and the status code when the response completes.
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
        String operation = operation(Request.getPathInContext(request));
        Callback measured = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                metrics.request(operation, response.getStatus(), System.nanoTime() - start);
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                metrics.request(operation, response.isCommitted() ? response.getStatus() : 500, System.nanoTime() - start);
                super.failed(x);
            }
        };
        return super.handle(request, response, measured);
    }

    static String operation(String path) {
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
        return switch (p) {
            case "/ews/exchange.asmx" -> "ews";
            case "/autodiscover/metadata/json/1" -> "metadata";
            case "/ews/services.wsdl", "/ews/messages.xsd", "/ews/types.xsd", "/ews/errors.xsd",
                 "/ews/soap-envelope.xsd" -> "wsdl";
            case "/healthz" -> "healthz";
            case "/readyz" -> "readyz";
            case "/metrics" -> "metrics";
            case "/oauth2/introspect" -> "introspect";
            default -> p.startsWith("/autodiscover/autodiscover.json/") ? "autodiscover"
                    : p.startsWith("/api/admin/") ? "admin-api" : p.startsWith("/console") ? "console" : "other";
        };
    }
}
