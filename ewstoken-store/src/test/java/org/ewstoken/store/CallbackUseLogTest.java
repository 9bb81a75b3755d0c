package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The callback-token use log's contract ({@link CallbackUseLog}), on SQLite and on PostgreSQL. */
class CallbackUseLogTest {

    static final Instant T0 = Instant.parse("2026-03-01T08:00:00.987654Z");

    @TempDir Path dir;

    static CallbackUse use(Instant at, String verdict) {
        return new CallbackUse(UUID.randomUUID(), at, "node-a", "alice@contoso.com",
                "1c50226d-04b5-4ab2-9fcd-42e236b59e4b", "GetItem", "AAMkAD=", verdict, "token-" + at.toEpochMilli());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void appendedUsesReadBackNewestFirstWithEveryFieldAndMillisecondTimes(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            CallbackUseLog log = opened.db().callbackUseLog();
            CallbackUse older = use(T0, "allowed");
            CallbackUse newer = use(T0.plusSeconds(1), "refused");

            log.append(List.of(older, newer));

            List<CallbackUse> read = log.newest(10);
            assertThat(read).hasSize(2);
            assertThat(read.get(0).id()).isEqualTo(newer.id());
            assertThat(read.get(0).usedAt()).isEqualTo(Instant.parse("2026-03-01T08:00:01.987Z"));
            assertThat(read.get(0)).usingRecursiveComparison().ignoringFields("usedAt").isEqualTo(newer);
            assertThat(read.get(1).id()).isEqualTo(older.id());
            assertThat(log.newest(1)).extracting(CallbackUse::id).containsExactly(newer.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void aBatchIsAllOrNothing(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            CallbackUseLog log = opened.db().callbackUseLog();
            CallbackUse first = use(T0, "allowed");
            log.append(List.of(first));

            assertThatThrownBy(() -> log.append(List.of(use(T0.plusSeconds(1), "allowed"), first)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("append callback-token use records failed");

            assertThat(log.newest(10)).extracting(CallbackUse::id).containsExactly(first.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void retentionDeletesOnlyOlderUses(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            CallbackUseLog log = opened.db().callbackUseLog();
            List<CallbackUse> uses = new ArrayList<>();
            for (int day = 0; day < 4; day++) uses.add(use(T0.plus(Duration.ofDays(day)), "allowed"));
            log.append(uses);

            assertThat(log.deleteBefore(T0.plus(Duration.ofDays(2)))).isEqualTo(2);

            assertThat(log.newest(10)).extracting(CallbackUse::id).containsExactly(uses.get(3).id(), uses.get(2).id());
            assertThatThrownBy(() -> log.newest(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
