package org.ewstoken.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.ewstoken.protocol.TokenType;
import org.ewstoken.server.audit.AuditWriter;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.service.TokenIssuedListener;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.User;
import org.ewstoken.tokens.IssuedToken;

/**
 * The server's Prometheus metrics, in a registry of its own (so several servers can share a JVM,
 * as the tests do), rendered in the Prometheus text format at {@code /metrics}.
 */
public final class ServerMetrics implements TokenIssuedListener {

    private static final double[] LATENCY_BUCKETS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder()
            .name("ewstoken_http_requests_total")
            .help("HTTP requests answered, by operation (endpoint) and status code.")
            .labelNames("operation", "code")
            .register(registry);
    private final Histogram latency = Histogram.builder()
            .name("ewstoken_http_request_duration_seconds")
            .help("Time from receiving a request to completing its response, by operation.")
            .labelNames("operation")
            .classicUpperBounds(LATENCY_BUCKETS)
            .classicOnly()
            .register(registry);
    private final Counter tokens = Counter.builder()
            .name("ewstoken_tokens_issued_total")
            .help("Tokens handed out, by token type.")
            .labelNames("type")
            .register(registry);
    private final AtomicReferenceArray<CounterDataPoint> issuedByType =
            new AtomicReferenceArray<>(TokenType.values().length);
    private final ConcurrentHashMap<String, RouteMetrics> routes = new ConcurrentHashMap<>();
    private final Counter throttled = Counter.builder()
            .name("ewstoken_throttled_requests_total")
            .help("Requests turned away by throttling, by reason.")
            .labelNames("reason")
            .register(registry);

    public ServerMetrics(StoreLatency storeLatency, ThrottleEvents throttleEvents) {
        registry.register(storeLatency.histogram());
        for (ThrottleEvents.Kind kind : ThrottleEvents.Kind.values()) {
            throttled.labelValues(reason(kind)); // published as 0 before the first event
        }
        throttleEvents.addListener(kind -> throttled.labelValues(reason(kind)).inc());
    }

    /** Ages of the signing keys still published, and of the node's view of them. */
    public void watch(KeyRing keys, Clock clock) {
        GaugeWithCallback.builder()
                .name("ewstoken_signing_key_age_seconds")
                .help("Age of each published signing key, by key id (x5t) and state (signing, pending, published).")
                .labelNames("key_id", "state")
                .callback(cb -> {
                    Instant now = clock.instant();
                    for (KeyRing.KeyStatus k : keys.snapshot().keys()) {
                        if (k.state() != KeyRing.State.EXPIRED) {
                            cb.call(seconds(k.createdAt(), now), k.keyId(), k.state().name().toLowerCase(Locale.ROOT));
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("ewstoken_signing_key_not_after_seconds")
                .help("Expiry (not-after, seconds since the epoch) of each published signing key's certificate, by key id "
                        + "(x5t) and state; alert well before it, e.g. on (value - time()) < 30 * 86400.")
                .labelNames("key_id", "state")
                .callback(cb -> {
                    for (KeyRing.KeyStatus k : keys.snapshot().keys()) {
                        if (k.state() != KeyRing.State.EXPIRED) {
                            cb.call(k.certificateNotAfter().getEpochSecond(), k.keyId(),
                                    k.state().name().toLowerCase(Locale.ROOT));
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("ewstoken_signing_keys_refresh_age_seconds")
                .help("Time since this node last read the signing keys from the store.")
                .callback(cb -> cb.call(seconds(keys.snapshot().refreshedAt(), clock.instant())))
                .register(registry);
    }

    /** The audit writer's throughput and losses. */
    public void watch(AuditWriter audit) {
        CounterWithCallback.builder()
                .name("ewstoken_audit_records_written_total")
                .help("Audit records written to the store.")
                .callback(cb -> cb.call(audit.written()))
                .register(registry);
        CounterWithCallback.builder()
                .name("ewstoken_audit_records_dropped_total")
                .help("Audit records dropped because the audit queue was full.")
                .callback(cb -> cb.call(audit.dropped()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("ewstoken_audit_queue_depth")
                .help("Audit records waiting to be written.")
                .callback(cb -> cb.call(audit.queued()))
                .register(registry);
    }

    @Override
    public void issued(User caller, AddIn addIn, TokenType type, IssuedToken token) {
        CounterDataPoint point = issuedByType.get(type.ordinal());
        if (point == null) { // made on first use, as labelValues would: no series for types never issued
            point = tokens.labelValues(type.wireName());
            issuedByType.set(type.ordinal(), point);
        }
        point.inc();
    }

    /** Counts one answered request. */
    public void request(String operation, int status, long nanos) {
        RouteMetrics route = routes.computeIfAbsent(operation, RouteMetrics::new);
        route.answered(status).inc();
        route.latency.observe(nanos / 1e9);
    }

    /**
     * One route's data points, looked up once: a label lookup per request built the label list, its status
     * string and their hashes again (operations are the routes' fixed metric names, so this stays small).
     */
    private final class RouteMetrics {
        private final String operation;
        private final DistributionDataPoint latency;
        /** By status code 100 to 599, made on first use (others, which Jetty never sends, are looked up). */
        private final AtomicReferenceArray<CounterDataPoint> byStatus = new AtomicReferenceArray<>(500);

        RouteMetrics(String operation) {
            this.operation = operation;
            this.latency = ServerMetrics.this.latency.labelValues(operation);
        }

        CounterDataPoint answered(int status) {
            if (status < 100 || status > 599) return requests.labelValues(operation, Integer.toString(status));
            CounterDataPoint point = byStatus.get(status - 100);
            if (point == null) {
                point = requests.labelValues(operation, Integer.toString(status));
                byStatus.set(status - 100, point);
            }
            return point;
        }
    }

    /** The registry, for parts of the server with metrics of their own (the EWS front). */
    public PrometheusRegistry registry() {
        return registry;
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** The current values in the Prometheus text exposition format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String reason(ThrottleEvents.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
