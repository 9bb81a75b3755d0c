package org.ewstoken.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.ewstoken.testkit.RequiredService;

/**
 * A real PostgreSQL database for tests: each instance is a new, empty schema in the database that
 * {@code EWSTOKEN_TEST_PG_URL} names (default {@value #DEFAULT_URL}, user and password
 * {@code ewstoken}, see {@code .ci/run}), dropped again on {@link #close()}.
 *
 * <p>Without a reachable PostgreSQL, tests that need one are skipped with a line on the console on
 * a developer's machine, but fail in CI ({@code CI=true}), where {@code .ci/run} provides one
 * ({@link RequiredService}).
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/ewstoken_test";
    public static final String URL = env("EWSTOKEN_TEST_PG_URL", DEFAULT_URL);
    public static final String USER = env("EWSTOKEN_TEST_PG_USER", "ewstoken");
    public static final String PASSWORD = env("EWSTOKEN_TEST_PG_PASSWORD", "ewstoken");

    /** For test classes that need PostgreSQL throughout: register it with {@code @RegisterExtension}. */
    public static final RequiredService REQUIRED = RequiredService.of("PostgreSQL", PostgresTestDatabase::probe);

    private final String url;
    private final String schema;

    private PostgresTestDatabase(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    /** A new empty schema; skips (or in CI fails) the calling test if PostgreSQL is unreachable. */
    public static PostgresTestDatabase create() {
        assumeAvailable();
        return createAt(URL);
    }

    /**
     * A new empty schema in the database at {@code url} (same user and password), for a test that
     * runs a PostgreSQL of its own because it stops and starts it.
     */
    public static PostgresTestDatabase createAt(String url) {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute(url, "CREATE SCHEMA " + schema);
        return new PostgresTestDatabase(url, schema);
    }

    /** Skips the calling test with a line on the console, or in CI fails it, unless PostgreSQL answers. */
    public static void assumeAvailable() {
        REQUIRED.assume();
    }

    private static String probe() {
        try (Connection c = admin(URL)) {
            return null;
        } catch (SQLException e) {
            String cause = String.valueOf(e.getMessage()).split("\\. ", 2)[0]; // the driver adds advice of its own
            return "nothing answers at " + URL + " as user " + USER + " (" + cause
                    + "); start it with 'sudo bash .ci/postgres' or set EWSTOKEN_TEST_PG_URL, _USER and _PASSWORD";
        }
    }

    /** The JDBC URL of this schema: the tables the store creates land in it. */
    public String jdbcUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public PostgresConfig config() {
        return new PostgresConfig(jdbcUrl(), USER, PASSWORD, 8, Duration.ofSeconds(5));
    }

    /** A plain connection to this schema, outside any pool. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    public String schema() {
        return schema;
    }

    /** Empties every table of this schema but the migration history: a fresh, migrated database. */
    public void truncateAll() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    + " AND tablename <> 'flyway_schema_history'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            if (!tables.isEmpty()) s.execute("TRUNCATE " + String.join(", ", tables) + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("emptying schema " + schema + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static Connection admin(String url) throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    private static void execute(String url, String sql) {
        try (Connection c = admin(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
