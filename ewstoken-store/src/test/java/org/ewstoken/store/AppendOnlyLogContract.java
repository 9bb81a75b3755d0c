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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every append-only log of the store promises (the token audit log, the callback-token use
 * log), on SQLite and on PostgreSQL: a batch reads back newest first with every field and the time
 * in milliseconds, a batch is all or nothing, retention deletes only the older entries. A subclass
 * names its log and how to make an entry.
 */
abstract class AppendOnlyLogContract<E> {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");

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

    private final Function<Database, Log<E>> logOn;
    private final Function<E, UUID> id;
    private final Function<E, Instant> at;
    private final String appendFailure;
    @TempDir Path dir;
    private TestDatabases.Opened opened;

    /**
     * @param logOn         the log in a database, as a {@link Log}
     * @param appendFailure how the error of a failed append begins
     */
    AppendOnlyLogContract(Function<Database, Log<E>> logOn, Function<E, UUID> id, Function<E, Instant> at,
                          String appendFailure) {
        this.logOn = logOn;
        this.id = id;
        this.at = at;
        this.appendFailure = appendFailure;
    }

    /** A new entry, stamped {@code at} (to the microsecond: the log keeps milliseconds). */
    abstract E entry(Instant at);

    /** The log on a new, migrated database of the opener's kind; closed after the test. */
    final Log<E> open(TestDatabases.Opener opener) {
        opened = opener.migrated(dir);
        return logOn.apply(opened.db());
    }

    @AfterEach
    final void closeDatabase() {
        if (opened != null) opened.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void entriesReadBackNewestFirstWithEveryFieldAndMillisecondTimes(TestDatabases.Opener opener) {
        Log<E> log = open(opener);
        E older = entry(T0);
        E newer = entry(T0.plusSeconds(1));

        log.append(List.of(older, newer));

        List<E> read = log.newest(10);
        assertThat(read).extracting(id::apply).containsExactly(id.apply(newer), id.apply(older));
        assertThat(read.get(0)).usingRecursiveComparison().ignoringFieldsOfTypes(Instant.class).isEqualTo(newer);
        assertThat(at.apply(read.get(0))).isEqualTo(T0.plusSeconds(1).truncatedTo(ChronoUnit.MILLIS));
        assertThat(log.newest(1)).extracting(id::apply).containsExactly(id.apply(newer));
        assertThatThrownBy(() -> log.newest(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void aBatchIsAllOrNothing(TestDatabases.Opener opener) {
        Log<E> log = open(opener);
        E first = entry(T0);
        log.append(List.of(first));

        assertThatThrownBy(() -> log.append(List.of(entry(T0.plusSeconds(1)), first)))
                .isInstanceOf(StoreException.class).hasMessageStartingWith(appendFailure);

        assertThat(log.newest(10)).extracting(id::apply).containsExactly(id.apply(first));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void retentionDeletesOnlyOlderEntries(TestDatabases.Opener opener) {
        Log<E> log = open(opener);
        List<E> entries = new ArrayList<>();
        for (int day = 0; day < 5; day++) entries.add(entry(T0.plus(Duration.ofDays(day))));
        log.append(entries);

        assertThat(log.deleteBefore(T0.plus(Duration.ofDays(3)))).isEqualTo(3);

        assertThat(log.newest(10)).extracting(id::apply).containsExactly(
                id.apply(entries.get(4)), id.apply(entries.get(3)));
    }
}
