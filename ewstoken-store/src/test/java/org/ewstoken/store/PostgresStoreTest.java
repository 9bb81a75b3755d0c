package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.store.StoreFixtures.*;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import com.zaxxer.hikari.HikariDataSource;
import org.ewstoken.testkit.ExpectedLogs;
import org.ewstoken.testkit.RequiredService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against a real PostgreSQL, plus what is particular to it. The schema is migrated
 * once for the class and emptied before each test (migrating per test costs a second each).
 */
class PostgresStoreTest extends StoreContract {

    /** Without PostgreSQL, every test of the class counts as skipped (a @BeforeAll skip would hide them). */
    @RegisterExtension
    static final RequiredService POSTGRES = PostgresTestDatabase.REQUIRED;

    static PostgresTestDatabase database;

    @BeforeAll
    static void migrateOnce() {
        if (!POSTGRES.available()) return;
        database = PostgresTestDatabase.create();
        PostgresStore.open(database.config()).close();
    }

    @AfterAll
    static void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    Store newStore() {
        database.truncateAll();
        HikariDataSource pool = PostgresStore.openPool(database.config());
        return new JdbcStore(pool, pool);
    }

    @Override
    Store reopenStore() {
        return PostgresStore.open(database.config());
    }

    @Test
    void theSchemaIsCreatedByTheSameMigrationsAndAppliedOnlyOnce() throws Exception {
        store.close();
        reopenStore().close();
        store = reopenStore();

        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT script FROM flyway_schema_history WHERE success"
                     + " ORDER BY installed_rank")) {
            List<String> scripts = new ArrayList<>();
            while (rs.next()) {
                scripts.add(rs.getString(1));
            }
            assertThat(scripts).isNotEmpty().allMatch(n -> n.matches("V\\d+__\\w+\\.sql"))
                    .doesNotHaveDuplicates().startsWith("V1__initial_schema.sql");
        }
    }

    @Test
    void anUnreachableServerFailsClearlyWithoutThePassword() {
        PostgresConfig nowhere = new PostgresConfig("jdbc:postgresql://127.0.0.1:1/none?password=IN-URL",
                "someone", "SECRET-PASSWORD", 2, Duration.ofSeconds(1));

        assertThatThrownBy(() -> PostgresStore.open(nowhere))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/none")
                .satisfies(e -> assertNoValueInChain(e, "SECRET-PASSWORD", "IN-URL"));
        assertThat(nowhere.toString()).doesNotContain("SECRET-PASSWORD", "IN-URL");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutEchoingIt() {
        PostgresConfig wrong = new PostgresConfig(database.jdbcUrl(), PostgresTestDatabase.USER,
                "WRONG-SECRET", 2, Duration.ofSeconds(2));

        assertThatThrownBy(() -> PostgresStore.open(wrong))
                .isInstanceOf(StoreException.class)
                .satisfies(e -> assertNoValueInChain(e, "WRONG-SECRET"));
    }

    @Test
    void onlyPostgresqlUrlsAreAccepted() {
        assertThatThrownBy(() -> new PostgresConfig("jdbc:sqlite:/tmp/x.db", "u", "", 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void theStoreRecoversWhenItsConnectionsAreKilled() throws Exception {
        store.close();
        // Named sessions, so that only this store's are ended (other tests may share the server).
        PostgresConfig named = new PostgresConfig(database.jdbcUrl() + "&ApplicationName=" + database.schema(),
                PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD, 4, Duration.ofSeconds(5));
        store = PostgresStore.open(named);
        store.addUser(user("alice@example.com"));
        // The pool warns, with a stack trace, about each dead connection it meets: expected here.
        try (ExpectedLogs quiet = ExpectedLogs.capture("com.zaxxer.hikari")) {
            killSessionsAndRecover();
        }
    }

    private void killSessionsAndRecover() throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            // What a database restart does to the pool: every session it holds is ended.
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = '" + database.schema() + "'");
        }

        // The first call may meet a dead connection; the pool replaces it and later calls succeed.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
            try {
                recovered = store.findUser("alice@example.com").isPresent();
            } catch (StoreException e) {
                Thread.sleep(50);
            }
        }
        assertThat(recovered).isTrue();
        assertThat(store.isHealthy()).isTrue();
    }
}
