package org.ewstoken.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.Permission;
import org.ewstoken.store.SqliteStore;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** A user and an add-in looked up: straight from SQLite, and through the server's registry cache. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {

    static final String ADDIN = "1c50226d-04b5-4ab2-9fcd-42e236b59e4b";
    Path dir;
    Store store;
    RegistryCache cache;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("ewstoken-store-bench");
        store = SqliteStore.open(dir.resolve("ewstoken.db"));
        for (int i = 0; i < 1000; i++) {
            store.addUser(new User("user" + i + "@contoso.com", "User " + i, UUID.randomUUID(),
                    "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA", Instant.now()));
        }
        store.addAddIn(new AddIn(ADDIN, "Bench", Permission.READ_ITEM, "https://addin.example/x.html", Set.of(),
                true, InstallScope.ORGANIZATION, null, Instant.now()));
        cache = new RegistryCache(store, Duration.ofSeconds(60), 10_000);
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Optional<User> sqliteFindUser() {
        return store.findUser("user500@contoso.com");
    }

    @Benchmark
    public Optional<AddIn> sqliteFindAddIn() {
        return store.findAddIn(ADDIN);
    }

    @Benchmark
    public Optional<User> cachedFindUser() {
        return cache.user("user500@contoso.com");
    }
}
