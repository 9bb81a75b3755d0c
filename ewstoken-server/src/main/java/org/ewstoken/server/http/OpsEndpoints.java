package org.ewstoken.server.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.Feature;
import org.ewstoken.server.keys.CertificateExpiry;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.metrics.ServerMetrics;
import org.ewstoken.store.Store;

/**
 * What load balancers and monitoring ask: {@code /healthz} (the process answers), {@code /readyz}
 * (this node can issue tokens: the store answers, and the signing keys are loaded and were
 * re-read recently, so it cannot sign with a key other nodes have retired) and {@code /metrics}.
 */
public final class OpsEndpoints implements Feature {

    /**
     * {@code /healthz} says nothing but "alive", so clients' listener has it too; the rest is for operators
     * (which listener that is, {@link org.ewstoken.server.Listeners} decides).
     */
    @Override
    public Installed install(Context c) {
        // Ready while the keys were re-read within three refresh intervals (two refreshes may fail).
        Readiness readiness = new Readiness(c.installation().store(), c.keyRing(), c.clock(),
                c.config().keyRefreshInterval().multipliedBy(3));
        ServerMetrics metrics = c.metrics();
        Route health = Route.exact(ServerUrls.HEALTHZ, "healthz", (request, response, callback) ->
                json(response, callback, 200, "{\"status\":\"alive\"}"), "GET");
        return Installed.routes(routes -> routes.add(health)).withRoutes(Audience.OPERATORS, routes -> {
            routes.add(health);
            routes.exact(ServerUrls.READYZ, "readyz", (request, response, callback) -> readiness.answer(response, callback), "GET");
            routes.exact(ServerUrls.METRICS, "metrics", (request, response, callback) -> {
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                HttpResponses.send(response, callback, 200, metrics.contentType(), metrics.scrape());
                return true;
            }, "GET");
        });
    }

    /** @param maxKeyAge how long since the last successful key refresh the node still counts as ready */
    private record Readiness(Store store, KeyRing keys, Clock clock, Duration maxKeyAge) {

        boolean answer(Response response, Callback callback) {
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
