package org.ewstoken.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.Envelopes.DOCUMENTED_AUDIENCE;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.Jwts;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ClusterSettings;
import org.ewstoken.server.config.Setting;
import org.ewstoken.store.AuditRecord;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health, readiness, Prometheus metrics and the audit log of a real server. The tests that read
 * what any server shows share one; the metrics test counts from zero and the last one stops its
 * server, so those two start their own.
 */
class OperabilityTest {

    static final Map<Setting, String> NODE_7 = Map.of(ClusterSettings.NODE_NAME, "node-7");
    static final TestServer.Setup ALICE_AND_ADD_IN = server -> {
        server.addUser(TestServer.ALICE);
        server.addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM, DOCUMENTED_AUDIENCE, Set.of(), true, null);
    };

    @RegisterExtension
    static final TestServer shared = TestServer.perClass(NODE_7).with(ALICE_AND_ADD_IN);

    @TempDir Path dir;

    private static TestServer serverWithAliceAndAddIn(Path dir) throws Exception {
        TestServer server = TestServer.start(dir, NODE_7);
        ALICE_AND_ADD_IN.on(server);
        return server;
    }

    private static String identityToken(TestServer server) throws Exception {
        var r = server.soap(Envelopes.documented(), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.messages(r.body()).get(0).tokenValue();
    }

    @Test
    void healthAndReadinessAnswerJsonAndAreNeverCached() throws Exception {
        var health = shared.get("/healthz");
        var ready = shared.get("/readyz");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"alive\"}");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"checks\":{\"store\":\"ok\",\"keys\":\"ok\"}}");
        assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(ready.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void metricsCountRequestsTokensStoreCallsAndKeyAgesInPrometheusFormat() throws Exception {
        try (TestServer server = serverWithAliceAndAddIn(dir)) {
            String token = identityToken(server);
            identityToken(server);
            server.soap(Envelopes.documented(), TestServer.ALICE, "wrong password");

            var r = server.get("/metrics");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            String keyId = Jwts.header(token).get("x5t").asText();
            assertThat(r.body())
                    .contains("ewstoken_tokens_issued_total{type=\"CallerIdentity\"} 2.0")
                    .contains("ewstoken_http_requests_total{code=\"200\",operation=\"ews\"} 2.0")
                    .contains("ewstoken_http_requests_total{code=\"401\",operation=\"ews\"} 1.0")
                    .contains("ewstoken_http_request_duration_seconds_bucket{operation=\"ews\",le=\"+Inf\"} 3")
                    .containsPattern("ewstoken_store_operation_duration_seconds_count\\{operation=\"find user\",outcome=\"ok\"} \\d")
                    .containsPattern("ewstoken_signing_key_age_seconds\\{key_id=\"" + keyId + "\",state=\"signing\"} \\d")
                    .contains("ewstoken_throttled_requests_total{reason=\"user_budget\"} 0.0")
                    .contains("ewstoken_audit_records_dropped_total 0.0");
            assertThat(r.body()).doesNotContain(token, TestServer.PASSWORD, "wrong password");
        }
    }

    @Test
    void everyIssuedTokenIsAuditedWithoutTheTokenItself() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String token = identityToken(shared);

        AuditRecord r = awaitAudit(shared, 1).get(0); // the only test that asks the shared server for tokens

        assertThat(r.node()).isEqualTo("node-7");
        assertThat(r.userSmtp()).isEqualTo(TestServer.ALICE);
        assertThat(r.addInId()).isEqualTo(Envelopes.DOCUMENTED_ADDIN.toLowerCase());
        assertThat(r.tokenType()).isEqualTo("CallerIdentity");
        assertThat(r.keyId()).isEqualTo(Jwts.header(token).get("x5t").asText());
        assertThat(r.expiresAt().getEpochSecond()).isEqualTo(Jwts.payload(token).get("exp").asLong());
        assertThat(r.issuedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
        assertThat(r.toString()).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void queuedAuditRecordsAreWrittenWhenTheServerStops() throws Exception {
        TestServer server = serverWithAliceAndAddIn(dir);
        for (int i = 0; i < 5; i++) identityToken(server);
        server.close();

        try (TestServer again = TestServer.start(dir)) {
            assertThat(again.server().installation().auditLog().newest(100)).hasSize(5);
        }
    }

    static List<AuditRecord> awaitAudit(TestServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // generous: the machine may be loaded
        List<AuditRecord> records = List.of();
        while (records.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            records = server.server().installation().auditLog().newest(100);
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(count);
        return records;
    }
}
