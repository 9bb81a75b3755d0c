package org.ewstoken.front;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The front's metrics, in the server's registry: where requests went (answered here, forwarded, or a
 * callback token's request refused), what the upstream answered and how fast, and every callback-token
 * decision with its reason. Labels are fixed words and status codes, never anything a client chose.
 */
final class FrontMetrics {

    private static final double[] LATENCY_BUCKETS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final Counter routed;
    private final Counter upstream;
    private final Histogram upstreamLatency;
    private final Counter callback;
    /** The routes' data points, looked up once: a label lookup per request costs a map probe and a list. */
    private final java.util.Map<String, io.prometheus.metrics.core.datapoints.CounterDataPoint> routes;
    /** The upstream's common answers' data points, likewise; other statuses are looked up each time. */
    private final io.prometheus.metrics.core.datapoints.CounterDataPoint[] statuses =
            new io.prometheus.metrics.core.datapoints.CounterDataPoint[600];

    FrontMetrics(PrometheusRegistry registry) {
        routed = Counter.builder()
                .name("ewstoken_front_requests_total")
                .help("Requests the front routed: local (answered by ewstoken), proxied (forwarded unchanged), "
                        + "callback (a callback token's request, forwarded as the service account), refused.")
                .labelNames("route")
                .register(registry);
        upstream = Counter.builder()
                .name("ewstoken_front_upstream_responses_total")
                .help("Upstream answers by HTTP status, or connect_failed, timeout, tls_failed, aborted.")
                .labelNames("status")
                .register(registry);
        upstreamLatency = Histogram.builder()
                .name("ewstoken_front_upstream_duration_seconds")
                .help("Time from forwarding a request to the end of the upstream's answer.")
                .classicUpperBounds(LATENCY_BUCKETS)
                .classicOnly()
                .register(registry);
        callback = Counter.builder()
                .name("ewstoken_front_callback_decisions_total")
                .help("Callback-token (Bearer) requests: allowed, or refused with the reason.")
                .labelNames("decision", "reason")
                .register(registry);
        java.util.Map<String, io.prometheus.metrics.core.datapoints.CounterDataPoint> points = new java.util.HashMap<>();
        for (String route : new String[] {"local", "proxied", "callback", "refused"}) {
            points.put(route, routed.labelValues(route));
        }
        routes = java.util.Map.copyOf(points);
    }

    void routed(String route) {
        var point = routes.get(route);
        (point != null ? point : routed.labelValues(route)).inc();
    }

    void upstream(String status, long nanos) {
        upstream.labelValues(status).inc();
        upstreamLatency.observe(nanos / 1e9);
    }

    /** An upstream HTTP status (100-599): its data point is made on first use and kept. */
    void upstream(int status, long nanos) {
        if (status < 100 || status >= statuses.length) {
            upstream(Integer.toString(status), nanos);
            return;
        }
        var point = statuses[status];
        if (point == null) statuses[status] = point = upstream.labelValues(Integer.toString(status));
        point.inc();
        upstreamLatency.observe(nanos / 1e9);
    }

    void callbackAllowed() {
        callback.labelValues("allowed", "ok").inc();
    }

    void callbackRefused(String reason) {
        callback.labelValues("refused", reason).inc();
    }
}
