package org.ewstoken.server.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import org.ewstoken.store.StoreObserver;

/**
 * Store call latency as a Prometheus histogram, by operation and outcome. Made with the
 * installation (the store reports to it from its first call) and registered by the server that
 * publishes it.
 */
public final class StoreLatency implements StoreObserver {

    private final Histogram histogram = Histogram.builder()
            .name("ewstoken_store_operation_duration_seconds")
            .help("Time of store calls, from borrowing a database connection to returning it.")
            .labelNames("operation", "outcome")
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .classicOnly()
            .build();

    @Override
    public void completed(String operation, long nanos, boolean succeeded) {
        histogram.labelValues(operation, succeeded ? "ok" : "error").observe(nanos / 1e9);
    }

    public Histogram histogram() {
        return histogram;
    }
}
