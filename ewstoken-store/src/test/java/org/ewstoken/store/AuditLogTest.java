package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuditLogTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");

    @TempDir Path dir;

    static AuditRecord record(Instant issuedAt) {
        return new AuditRecord(UUID.randomUUID(), issuedAt, "node-a", "alice@contoso.com",
                "1c50226d-04b5-4ab2-9fcd-42e236b59e4b", "CallerIdentity", "x5t-abc", issuedAt.plus(Duration.ofHours(8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void appendedRecordsReadBackNewestFirstWithMillisecondTimes(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            AuditLog log = opened.db().auditLog();
            AuditRecord older = record(T0);
            AuditRecord newer = record(T0.plusSeconds(1));

            log.append(List.of(older, newer));

            assertThat(log.newest(10)).containsExactly(newer, older);
            assertThat(log.newest(1).get(0).issuedAt()).isEqualTo(Instant.parse("2026-01-01T10:00:01.123Z"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void aBatchIsAllOrNothing(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            AuditLog log = opened.db().auditLog();
            AuditRecord first = record(T0);
            log.append(List.of(first));

            List<AuditRecord> batch = new ArrayList<>(List.of(record(T0.plusSeconds(1)), first));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.append(batch))
                    .isInstanceOf(StoreException.class).hasMessageStartingWith("append audit records failed");

            assertThat(log.newest(10)).containsExactly(first);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void retentionDeletesOnlyOlderRecords(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            AuditLog log = opened.db().auditLog();
            List<AuditRecord> records = new ArrayList<>();
            for (int day = 0; day < 5; day++) {
                records.add(record(T0.plus(Duration.ofDays(day))));
            }
            log.append(records);

            assertThat(log.deleteIssuedBefore(T0.plus(Duration.ofDays(3)))).isEqualTo(3);

            assertThat(log.newest(10)).extracting(AuditRecord::issuedAt).containsExactly(
                    records.get(4).issuedAt(), records.get(3).issuedAt());
        }
    }
}
