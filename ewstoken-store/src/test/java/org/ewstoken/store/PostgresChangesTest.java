package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A write committed by one process reaches the change listeners of the others through NOTIFY. */
class PostgresChangesTest {

    PostgresTestDatabase schema;
    Database writerSide;
    Database listenerSide;

    @BeforeEach
    void twoProcessesOnOneDatabase() {
        schema = PostgresTestDatabase.create();
        writerSide = Database.postgres(schema.config());
        writerSide.migrate();
        listenerSide = Database.postgres(schema.config());
    }

    @AfterEach
    void close() {
        if (writerSide != null) writerSide.close();
        if (listenerSide != null) listenerSide.close();
        if (schema != null) schema.close();
    }

    @Test
    void aCommittedWriteIsAnnouncedToListenersWithinMilliseconds() throws Exception {
        Semaphore changes = new Semaphore(0);
        try (Database.Listening listening = listenerSide.listenForChanges(changes::release)) {
            assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).as("reported once on connecting").isTrue();
            Store store = writerSide.store(StoreObserver.NONE);

            long start = System.nanoTime();
            store.addUser(new User("alice@contoso.com", "Alice", UUID.randomUUID(), "hash", Instant.now()));
            assertThat(changes.tryAcquire(2, TimeUnit.SECONDS)).isTrue();
            Duration latency = Duration.ofNanos(System.nanoTime() - start);

            store.findUser("alice@contoso.com"); // reads announce nothing
            assertThat(changes.tryAcquire(700, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(latency).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aStoreWithoutAnnouncerStaysQuietAndClosingStopsTheListener() throws Exception {
        Semaphore changes = new Semaphore(0);
        Database.Listening listening = listenerSide.listenForChanges(changes::release);
        assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        writerSide.store().addUser(new User("bob@contoso.com", "Bob", UUID.randomUUID(), "hash", Instant.now()));
        assertThat(changes.tryAcquire(700, TimeUnit.MILLISECONDS)).as("plain stores do not announce").isFalse();

        listening.close();
        writerSide.store(StoreObserver.NONE).removeUser("bob@contoso.com");
        assertThat(changes.tryAcquire(700, TimeUnit.MILLISECONDS)).isFalse();
    }
}
