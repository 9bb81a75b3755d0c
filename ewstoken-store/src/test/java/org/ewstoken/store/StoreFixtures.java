package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Records and helpers the store area contracts share. */
final class StoreFixtures {

    private StoreFixtures() {}

    /** Deliberately finer than the store's millisecond precision. */
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");
    /** T0 as the store gives it back. */
    static final Instant T0_MS = Instant.parse("2025-03-01T10:00:00.123Z");
    static final String HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

    static User user(String smtp) {
        return new User(smtp, "Name of " + smtp, UUID.randomUUID(), HASH, T0);
    }

    /** Adds a user for each address, as the add-in and removal cases need mailboxes to exist. */
    static void addUsers(Store store, String... smtps) throws DuplicateException {
        for (String smtp : smtps) {
            store.addUser(user(smtp));
        }
    }

    static AddIn orgAddIn(String id) {
        return new AddIn(id, "Org add-in", Permission.READ_ITEM, "https://addin.example.com",
                Set.of("calendar.read", "mail.read"), true, InstallScope.ORGANIZATION, null, T0);
    }

    static AddIn userAddIn(String id, String owner) {
        return new AddIn(id, "Personal add-in", Permission.READ_WRITE_MAILBOX, "https://mine.example.com",
                Set.of(), true, InstallScope.USER, owner, T0);
    }

    static StoredKey key(String keyId, Instant createdAt) {
        return new StoredKey(keyId, "MIIBcertificate==", "sealed-" + keyId, createdAt, createdAt, null);
    }


    static final String CRM = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    static final byte[] MANIFEST = "<OfficeApp>\u00e9\u0000\u00ff</OfficeApp>".getBytes(StandardCharsets.UTF_8);

    static AddIn manifestAddIn(String id, String owner, String version, boolean mandatory, boolean byDefault) {
        return new AddIn(id, "CRM " + version, Permission.READ_ITEM, "https://crm.example.com/read.html", Set.of(),
                true, owner == null ? InstallScope.ORGANIZATION : InstallScope.USER, owner, T0, version, "Contoso",
                mandatory, byDefault);
    }

    static UserChoice off(String reason) {
        return new UserChoice(false, reason, T0);
    }


    static void assertNoValueInChain(Throwable e, String... values) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(values);
        }
    }

    @FunctionalInterface
    interface Task<T> {
        T run(int threadIndex) throws Exception;
    }

    /** Runs {@code task} on {@code threads} threads released together; returns their results in order. */
    static <T> List<T> runConcurrently(int threads, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
