package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations skip Flyway only when the history says the schema is exactly current. */
class MigrationsTest {

    @TempDir
    Path dir;
    HikariDataSource pool;

    @BeforeEach
    void open() {
        pool = SqliteStore.openPool(dir.resolve("ewstoken.db"));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void theListedScriptsAreExactlyTheBundledScripts() throws Exception {
        Pattern script = Pattern.compile("V(\\d+)__\\w+\\.sql");
        List<String> bundled;
        try (Stream<Path> files = Files.list(scriptDirectory())) {
            bundled = files.map(f -> f.getFileName().toString()).filter(f -> script.matcher(f).matches())
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.substring(1, f.indexOf("__"))))).toList();
        }
        assertThat(bundled).isNotEmpty();
        assertThat(Migrations.SCRIPTS).isEqualTo(bundled);
        assertThat(Migrations.VERSIONS).isEqualTo(bundled.stream().map(f -> f.substring(1, f.indexOf("__"))).toList());
    }

    @Test
    void theScriptsAreSimpleEnoughToRunWithoutFlywaysParser() throws Exception {
        for (String name : Migrations.SCRIPTS) {
            String text = Files.readString(scriptDirectory().resolve(name));
            assertThat(text).as(name).doesNotContain("${").doesNotContainIgnoringCase("BEGIN")
                    .doesNotContainIgnoringCase("TRIGGER");
            for (String line : text.lines().toList()) {
                int comment = line.indexOf("--");
                String code = comment < 0 ? line : line.substring(0, comment);
                assertThat(code.chars().filter(ch -> ch == '\'').count() % 2).as(name + ": a string cut by --: " + line)
                        .isZero();
            }
        }
    }

    @Test
    void aNewEmbeddedFileGetsExactlyTheSchemaAndHistoryFlywayWouldHaveWritten() throws Exception {
        try (HikariDataSource byFlyway = SqliteStore.openPool(dir.resolve("flyway.db"))) {
            Migrations.apply(byFlyway);

            assertThat(Migrations.applyEmbedded(pool)).isEqualTo(new Migrations.Result(Migrations.VERSIONS.size(), newest()));

            String schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
            assertThat(rows(pool, schema)).isEqualTo(rows(byFlyway, schema)).hasSizeGreaterThan(10);
            String history = "SELECT installed_rank, version, description, type, script, checksum, installed_by, success "
                    + "FROM " + Migrations.HISTORY_TABLE + " ORDER BY installed_rank";
            assertThat(rows(pool, history)).isEqualTo(rows(byFlyway, history)).hasSize(Migrations.VERSIONS.size());
        }
        // Flyway's own check of the history (checksums, descriptions, order) finds nothing to object to.
        org.flywaydb.core.Flyway.configure(Migrations.class.getClassLoader()).dataSource(pool)
                .locations(Migrations.LOCATION).load().validate();
        assertThat(Migrations.isCurrent(pool)).isTrue();
        assertThat(Migrations.applyEmbedded(pool)).isEqualTo(new Migrations.Result(0, newest()));
    }

    @Test
    void anEmbeddedFileWithTablesIsLeftToFlyway() {
        org.flywaydb.core.Flyway.configure(Migrations.class.getClassLoader()).dataSource(pool)
                .locations(Migrations.LOCATION).target("1").load().migrate();

        assertThat(Migrations.applyEmbedded(pool)).isEqualTo(new Migrations.Result(Migrations.VERSIONS.size() - 1, newest()));
        assertThat(Migrations.isCurrent(pool)).isTrue();
    }

    @Test
    void aNewDatabaseIsNotCurrentUntilMigrated() {
        assertThat(Migrations.isCurrent(pool)).isFalse();
        assertThat(Migrations.pending(pool)).isEqualTo(Migrations.VERSIONS.size());

        Migrations.Result first = Migrations.apply(pool);

        assertThat(first).isEqualTo(new Migrations.Result(Migrations.VERSIONS.size(), newest()));
        assertThat(Migrations.isCurrent(pool)).isTrue();
        assertThat(Migrations.apply(pool)).isEqualTo(new Migrations.Result(0, newest()));
        assertThat(Migrations.pending(pool)).isZero();
        assertThat(Migrations.schemaVersion(pool)).isEqualTo(newest());
    }

    @Test
    void anOlderSchemaIsNotCurrentAndIsBroughtUpToDate() {
        org.flywaydb.core.Flyway.configure(Migrations.class.getClassLoader()).dataSource(pool)
                .locations(Migrations.LOCATION).target("1").load().migrate();

        assertThat(Migrations.isCurrent(pool)).isFalse();
        assertThat(Migrations.schemaVersion(pool)).isEqualTo("1");
        assertThat(Migrations.apply(pool)).isEqualTo(new Migrations.Result(Migrations.VERSIONS.size() - 1, newest()));
        assertThat(Migrations.isCurrent(pool)).isTrue();
    }

    @Test
    void aFailedOrUnknownMigrationInTheHistoryIsLeftToFlyway() throws SQLException {
        Migrations.apply(pool);
        execute("UPDATE " + Migrations.HISTORY_TABLE + " SET success = 0 WHERE version = '" + newest() + "'");
        assertThat(Migrations.isCurrent(pool)).isFalse();

        execute("UPDATE " + Migrations.HISTORY_TABLE + " SET success = 1");
        assertThat(Migrations.isCurrent(pool)).isTrue();
        execute("UPDATE " + Migrations.HISTORY_TABLE + " SET version = '99' WHERE version = '" + newest() + "'");
        assertThat(Migrations.isCurrent(pool)).as("a schema from a newer release").isFalse();
    }

    private static List<List<Object>> rows(javax.sql.DataSource ds, String sql) throws SQLException {
        List<List<Object>> rows = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new java.util.ArrayList<>();
                for (int i = 1; i <= columns; i++) row.add(rs.getObject(i));
                rows.add(row);
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static String newest() {
        return Migrations.VERSIONS.get(Migrations.VERSIONS.size() - 1);
    }

    private static Path scriptDirectory() throws URISyntaxException {
        String location = Migrations.LOCATION.substring("classpath:".length());
        return Path.of(Migrations.class.getClassLoader().getResource(location).toURI());
    }
}
