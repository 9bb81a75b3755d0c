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
        for (String route : new String[] {"local", "proxied", "callback", "refused"}) routed.labelValues(route);
    }

    void routed(String route) {
        routed.labelValues(route).inc();
    }

    void upstream(String status, long nanos) {
        upstream.labelValues(status).inc();
        upstreamLatency.observe(nanos / 1e9);
    }

    void callbackAllowed() {
        callback.labelValues("allowed", "ok").inc();
    }

    void callbackRefused(String reason) {
        callback.labelValues("refused", reason).inc();
    }
}
