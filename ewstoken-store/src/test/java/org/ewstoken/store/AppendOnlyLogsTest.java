package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every append-only log of the store promises, the token audit log ({@link AuditLog}) and the
 * callback-token use log ({@link CallbackUseLog}), on SQLite and on PostgreSQL: a batch reads back
 * newest first with every field and the time in milliseconds, a batch is all or nothing, retention
 * deletes only the older entries.
 */
class AppendOnlyLogsTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");
    static final String ADD_IN = "1c50226d-04b5-4ab2-9fcd-42e236b59e4b";

    /** A log as these rules see it: the store's logs name their retention each in its own words. */
    record Log<E>(Consumer<List<E>> appender, IntFunction<List<E>> reader, ToIntFunction<Instant> deleter) {
        void append(List<E> entries) {
            appender.accept(entries);
        }

        List<E> newest(int limit) {
            return reader.apply(limit);
        }

        int deleteBefore(Instant cutoff) {
            return deleter.applyAsInt(cutoff);
        }
    }

    /**
     * One of the logs: where it is in a database, a new entry stamped at an instant (to the
     * microsecond: the logs keep milliseconds), its id and time, and how a failed append's error begins.
     */
    record Kind<E>(String name, Function<Database, Log<E>> logIn, Function<Instant, E> newEntry, Function<E, UUID> id,
                   Function<E, Instant> at, String appendFailure) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Kind<AuditRecord> AUDIT = new Kind<>("audit log",
            db -> new Log<>(db.auditLog()::append, db.auditLog()::newest, db.auditLog()::deleteIssuedBefore),
            at -> new AuditRecord(UUID.randomUUID(), at, "node-a", "alice@contoso.com", ADD_IN, "CallerIdentity",
                    "x5t-abc", at.plus(Duration.ofHours(8))),
            AuditRecord::id, AuditRecord::issuedAt, "append audit records failed");

    static final Kind<CallbackUse> CALLBACK_USES = new Kind<>("callback-token use log",
            db -> new Log<>(db.callbackUseLog()::append, db.callbackUseLog()::newest, db.callbackUseLog()::deleteBefore),
            at -> new CallbackUse(UUID.randomUUID(), at, "node-a", "alice@contoso.com", ADD_IN, "GetItem", "AAMkAD=",
                    "refused", "token-" + at.toEpochMilli()),
            CallbackUse::id, CallbackUse::usedAt, "append callback-token use records failed");

    static Stream<Arguments> eachLogOnEachDatabase() {
        return Stream.of(AUDIT, CALLBACK_USES)
                .flatMap(kind -> TestDatabases.both().map(database -> Arguments.of(kind, database)));
    }

    @TempDir Path dir;
    private TestDatabases.Opened opened;

    /** The log on a new, migrated database of the opener's kind; closed after the test. */
    private <E> Log<E> open(Kind<E> kind, TestDatabases.Opener opener) {
        opened = opener.migrated(dir);
        return kind.logIn().apply(opened.db());
    }

    @AfterEach
    void closeDatabase() {
        if (opened != null) opened.close();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("eachLogOnEachDatabase")
    <E> void entriesReadBackNewestFirstWithEveryFieldAndMillisecondTimes(Kind<E> kind, TestDatabases.Opener opener) {
        Log<E> log = open(kind, opener);
        E older = kind.newEntry().apply(T0);
        E newer = kind.newEntry().apply(T0.plusSeconds(1));

        log.append(List.of(older, newer));

        List<E> read = log.newest(10);
        assertThat(read).extracting(kind.id()).containsExactly(kind.id().apply(newer), kind.id().apply(older));
        assertThat(read.get(0)).usingRecursiveComparison().ignoringFieldsOfTypes(Instant.class).isEqualTo(newer);
        assertThat(kind.at().apply(read.get(0))).isEqualTo(T0.plusSeconds(1).truncatedTo(ChronoUnit.MILLIS));
        assertThat(log.newest(1)).extracting(kind.id()).containsExactly(kind.id().apply(newer));
        assertThatThrownBy(() -> log.newest(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("eachLogOnEachDatabase")
    <E> void aBatchIsAllOrNothing(Kind<E> kind, TestDatabases.Opener opener) {
        Log<E> log = open(kind, opener);
        E first = kind.newEntry().apply(T0);
        log.append(List.of(first));

        assertThatThrownBy(() -> log.append(List.of(kind.newEntry().apply(T0.plusSeconds(1)), first)))
                .isInstanceOf(StoreException.class).hasMessageStartingWith(kind.appendFailure());

        assertThat(log.newest(10)).extracting(kind.id()).containsExactly(kind.id().apply(first));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("eachLogOnEachDatabase")
    <E> void retentionDeletesOnlyOlderEntries(Kind<E> kind, TestDatabases.Opener opener) {
        Log<E> log = open(kind, opener);
        List<E> entries = new ArrayList<>();
        for (int day = 0; day < 5; day++) entries.add(kind.newEntry().apply(T0.plus(Duration.ofDays(day))));
        log.append(entries);

        assertThat(log.deleteBefore(T0.plus(Duration.ofDays(3)))).isEqualTo(3);

        assertThat(log.newest(10)).extracting(kind.id())
                .containsExactly(kind.id().apply(entries.get(4)), kind.id().apply(entries.get(3)));
    }
}
