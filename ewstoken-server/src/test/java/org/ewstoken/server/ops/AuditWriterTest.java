package org.ewstoken.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.ewstoken.protocol.TokenType;
import org.ewstoken.server.audit.AuditWriter;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.AuditLog;
import org.ewstoken.store.Database;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.Permission;
import org.ewstoken.store.User;
import org.ewstoken.testkit.ExpectedLogs;
import org.ewstoken.tokens.IssuedToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit queue never holds up issuing: when the database cannot keep up, records are dropped and counted. */
class AuditWriterTest {

    static final User ALICE = new User("alice@contoso.com", "Alice", UUID.randomUUID(), "hash", Instant.EPOCH);
    static final AddIn ADD_IN = new AddIn("1c50226d-04b5-4ab2-9fcd-42e236b59e4b", "A", Permission.READ_ITEM,
            "https://a.example.com", Set.of(), true, InstallScope.ORGANIZATION, null, Instant.EPOCH);

    @TempDir Path dir;

    static IssuedToken token() {
        Instant now = Instant.now();
        return new IssuedToken("header.payload.signature", now, now.plusSeconds(300), "x5t");
    }

    @Test
    void whenTheDatabaseIsDownAFullQueueDropsRecordsWithoutBlockingTheIssuer() {
        Database db = Database.sqlite(dir.resolve("ewstoken.db"));
        db.migrate();
        AuditLog log = db.auditLog();
        db.close(); // every write now fails: the writer holds its batch and retries

        AuditWriter writer = new AuditWriter(log, "node", Clock.systemUTC(), 10, Duration.ofDays(1));
        long start = System.nanoTime();
        long elapsed;
        try (ExpectedLogs logs = ExpectedLogs.capture(AuditWriter.class)) {
            for (int i = 0; i < 1_000; i++) {
                writer.issued(ALICE, ADD_IN, TokenType.CALLER_IDENTITY, token());
            }
            elapsed = System.nanoTime() - start;
            writer.close(Duration.ofMillis(200));

            // The operator is told, once per episode rather than per record.
            assertThat(logs.messages()).filteredOn(m -> m.startsWith("WARN audit queue full")).hasSize(1);
            assertThat(logs.messages()).anyMatch(m -> m.contains("not written at shutdown"));
        }

        assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(1));
        assertThat(writer.dropped()).isBetween(1_000L - 10 - 500, 1_000L - 10); // the queue, and at most one batch in hand
        assertThat(writer.written()).isZero();
    }

    @Test
    void recordsAreWrittenInBatchesAndOldOnesPurged() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("ewstoken.db"))) {
            db.migrate();
            AuditLog log = db.auditLog();
            AuditWriter old = new AuditWriter(log, "node", Clock.offset(Clock.systemUTC(), Duration.ofDays(-2)), 100,
                    Duration.ofDays(30));
            old.issued(ALICE, ADD_IN, TokenType.CALLER_IDENTITY, token());
            old.close();
            assertThat(log.newest(10)).hasSize(1);

            AuditWriter writer = new AuditWriter(log, "node", Clock.systemUTC(), 1_000, Duration.ofDays(1));
            for (int i = 0; i < 700; i++) {
                writer.issued(ALICE, ADD_IN, TokenType.EXTENSION_CALLBACK, token());
            }
            writer.close();

            assertThat(writer.written()).isEqualTo(700);
            assertThat(writer.dropped()).isZero();
            assertThat(log.newest(1_000)).hasSize(700) // the two-day-old record fell out of the one-day retention
                    .allSatisfy(r -> assertThat(r.tokenType()).isEqualTo("ExtensionCallback"));
        }
    }
}
