package org.ewstoken.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.store.SqliteStore;
import org.ewstoken.store.Store;
import org.ewstoken.testkit.TestClock;
import org.ewstoken.tokens.MasterKey;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A signing certificate near its expiry shows in keys list, the metrics, /readyz and the log. */
class KeyExpiryTest {

    static final Duration LIFETIME = Duration.ofHours(8);

    @TempDir Path dir;

    @Test
    void anImportedCertificateExpiringWithin30DaysWarnsInReadyzMetricsAndTheLogWhileTheServerStaysReady() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            SigningKey shortLived = SigningKeys.generate("mail.contoso.com", Duration.ofDays(10), Clock.systemUTC());
            assertThat(new ObjectMapper().readTree(server.get("/readyz").body()).has("warnings")).isFalse();

            server.server().keyRing().importKey(shortLived);

            HttpResponse<String> ready = server.get("/readyz");
            assertThat(ready.statusCode()).as("still ready: it still signs").isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(ready.body());
            assertThat(json.get("status").asText()).isEqualTo("ready");
            JsonNode warning = json.get("warnings").get(0);
            assertThat(warning.get("check").asText()).isEqualTo("certificate-expiry");
            assertThat(warning.get("key_id").asText()).isEqualTo(shortLived.keyId());
            assertThat(warning.get("days_left").asLong()).isBetween(9L, 10L);
            assertThat(warning.get("message").asText()).contains("keys import");

            String line = server.get("/metrics").body().lines()
                    .filter(l -> l.startsWith("ewstoken_signing_key_not_after_seconds{key_id=\"" + shortLived.keyId()
                            + "\",state=\"signing\"}")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .isEqualTo((double) shortLived.certificate().getNotAfter().toInstant().getEpochSecond());

            Logger logger = (Logger) LoggerFactory.getLogger(CertificateExpiry.class);
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            log.start();
            logger.addAppender(log);
            try {
                new CertificateExpiry(server.server().keyRing()).run();
            } finally {
                logger.detachAppender(log);
            }
            assertThat(log.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel().toString()).isEqualTo("WARN");
                assertThat(e.getFormattedMessage()).contains(shortLived.keyId()).contains("expires on");
            });
        }
    }

    @Test
    void onlyKeysThatSignOrWillSignAreWatchedFrom30DaysBefore() {
        TestClock clock = TestClock.at("2026-11-24T10:00:00Z");
        try (Store store = SqliteStore.open(dir.resolve("db"))) {
            KeyRing ring = KeyRing.open(store, MasterKey.generate(), clock, LIFETIME, "h");
            SigningKey soon = SigningKeys.generate("h", Duration.ofDays(40), clock);
            ring.importKey(soon);
            CertificateExpiry expiry = new CertificateExpiry(ring);
            Instant notAfter = soon.certificate().getNotAfter().toInstant();

            assertThat(expiry.warnings(notAfter.minus(Duration.ofDays(31)))).isEmpty();
            assertThat(expiry.warnings(notAfter.minus(Duration.ofDays(30)))).singleElement()
                    .satisfies(w -> assertThat(w.daysLeft()).isEqualTo(30));
            assertThat(expiry.warnings(notAfter.plusSeconds(1))).singleElement()
                    .satisfies(w -> assertThat(w.message()).contains("expired on"));

            ring.rotate(); // a generated ten-year key takes over: the imported one is retired, not watched
            assertThat(expiry.warnings(notAfter.minus(Duration.ofDays(1)))).isEmpty();
        }
    }

    @Test
    void keysListTellsOneStoryAfterRotateAndRotateNow() {
        java.util.Map<String, String> env = java.util.Map.of("EWSTOKEN_DATA_DIR", dir.toString(),
                "EWSTOKEN_KEY_PRE_PUBLICATION", "10m");
        assertThat(CliRunner.run(env, "", "keys", "list").exitCode()).isZero();
        String first = CliRunner.run(env, "", "keys", "list").out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
        assertThat(CliRunner.run(env, "", "keys", "rotate").exitCode()).isZero();
        String afterRotate = CliRunner.run(env, "", "keys", "list").out();
        assertThat(row(afterRotate, first)).contains(" signing ").contains(", until 20");
        assertThat(afterRotate).contains(" next ").contains("from 20");

        CliRunner.Result now = CliRunner.run(env, "", "keys", "rotate", "--now");
        assertThat(now.exitCode()).as(now.err()).isZero();
        String out = CliRunner.run(env, "", "keys", "list").out();
        List<String> rows = out.lines().skip(1).toList();
        assertThat(rows).hasSize(3);
        // The first key signed until the --now key took over, although its retirement was scheduled 10 minutes later.
        assertThat(row(out, first)).contains(" retired ").contains(" to 20").contains("until 20");
        assertThat(rows).filteredOn(r -> r.contains(" published only ")).singleElement().asString()
                .contains("never (replaced before");
        assertThat(rows).filteredOn(r -> r.contains(" signing ")).singleElement().asString()
                .contains("until the next rotation");
        assertThat(out).contains("CERTIFICATE NOT AFTER").contains("days)");
        assertThat(out).doesNotContain("pending");
    }

    private static String row(String table, String keyId) {
        return table.lines().filter(l -> l.startsWith(keyId)).findFirst().orElseThrow();
    }
}
