package org.ewstoken.server.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.keys.CertificateExpiry;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.metrics.ServerMetrics;
import org.ewstoken.store.Store;

/**
 * What load balancers and monitoring ask: {@code /healthz} (the process answers), {@code /readyz}
 * (this node can issue tokens: the store answers, and the signing keys are loaded and were
 * re-read recently, so it cannot sign with a key other nodes have retired) and {@code /metrics}.
 */
public final class OpsEndpoints implements HttpFeature {


    private final Store store;
    private final KeyRing keys;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final Duration maxKeyAge;

    /**
     * @param maxKeyAge how long since the last successful key refresh the node still counts as ready
     */
    public OpsEndpoints(Store store, KeyRing keys, ServerMetrics metrics, Clock clock, Duration maxKeyAge) {
        this.store = store;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
        this.maxKeyAge = maxKeyAge;
    }

    /** Only {@code /healthz}, which says nothing but "alive": for listeners that must not show the rest. */
    public HttpFeature healthOnly() {
        return routes -> routes.exact("/healthz", "healthz", (request, response, callback) ->
                json(response, callback, 200, "{\"status\":\"alive\"}"), "GET");
    }

    @Override
    public void addRoutes(RouteTable.Builder routes) {
        routes.exact("/healthz", "healthz", (request, response, callback) ->
                json(response, callback, 200, "{\"status\":\"alive\"}"), "GET");
        routes.exact("/readyz", "readyz", (request, response, callback) -> ready(response, callback), "GET");
        routes.exact("/metrics", "metrics", (request, response, callback) -> {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            HttpResponses.send(response, callback, 200, metrics.contentType(), metrics.scrape());
            return true;
        }, "GET");
    }

    private boolean ready(Response response, Callback callback) {
        boolean storeOk = store.isHealthy(); // bounded by store-timeout while the database is down
        KeyRing.Snapshot snapshot = keys.snapshot();
        boolean keysOk = snapshot != null
                && Duration.between(snapshot.refreshedAt(), clock.instant()).compareTo(maxKeyAge) <= 0;
        boolean ready = storeOk && keysOk;
        // A certificate about to expire does not make the node unready (it still signs), but monitoring should see it.
        StringBuilder warnings = new StringBuilder();
        for (CertificateExpiry.Warning w : new CertificateExpiry(keys).warnings(clock.instant())) {
            warnings.append(warnings.isEmpty() ? "" : ",").append("{\"check\":\"certificate-expiry\",\"key_id\":\"")
                    .append(w.keyId()).append("\",\"not_after\":\"").append(w.notAfter()).append("\",\"days_left\":")
                    .append(w.daysLeft()).append(",\"message\":").append(jsonString(w.message())).append('}');
        }
        return json(response, callback, ready ? 200 : 503, "{\"status\":\"" + (ready ? "ready" : "not ready")
                + "\",\"checks\":{\"store\":\"" + (storeOk ? "ok" : "unreachable") + "\",\"keys\":\""
                + (keysOk ? "ok" : "stale") + "\"}" + (warnings.isEmpty() ? "" : ",\"warnings\":[" + warnings + "]") + "}");
    }

    /** A JSON string literal; the subject of an imported certificate is the organisation's text. */
    private static String jsonString(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static boolean json(Response response, Callback callback, int status, String body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        HttpResponses.send(response, callback, status, HttpResponses.JSON, body.getBytes(StandardCharsets.UTF_8));
        return true;
    }
}
