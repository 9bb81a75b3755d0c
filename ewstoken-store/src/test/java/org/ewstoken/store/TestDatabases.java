package org.ewstoken.store;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Both kinds of database, for tests that must hold on each: name {@link #BOTH} in a @MethodSource and take an
 * {@link Opener}.
 */
final class TestDatabases {

    /** A new empty (unmigrated) database; closing it closes the pool and drops what the test made. */
    record Opened(Database db, PostgresTestDatabase schema) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
            if (schema != null) schema.close();
        }
    }

    /** Opens a database of one kind; {@code dir} is the test's temporary directory. */
    interface Opener {
        Opened open(Path dir);

        /** A new database with every migration applied, as the areas' contracts start from. */
        default Opened migrated(Path dir) {
            Opened opened = open(dir);
            opened.db().migrate();
            return opened;
        }
    }

    /** The @MethodSource of a test that runs on each kind of database. */
    static final String BOTH = "org.ewstoken.store.TestDatabases#both";

    private TestDatabases() {}

    static Stream<Opener> both() {
        return Stream.of(named("SQLite", TestDatabases::sqlite), named("PostgreSQL", dir -> postgres()));
    }

    static Opened sqlite(Path dir) {
        return new Opened(Database.sqlite(dir.resolve("ewstoken.db")), null);
    }

    static Opened postgres() {
        PostgresTestDatabase schema = PostgresTestDatabase.create();
        return new Opened(Database.postgres(schema.config()), schema);
    }

    private static Opener named(String name, Opener opener) {
        return new Opener() {
            @Override
            public Opened open(Path dir) {
                return opener.open(dir);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
