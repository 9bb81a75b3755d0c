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
import java.util.regex.Matcher;
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
    void theListedVersionsAreExactlyTheBundledScripts() throws Exception {
        Pattern script = Pattern.compile("V(\\d+)__\\w+\\.sql");
        List<String> bundled;
        try (Stream<Path> files = Files.list(scriptDirectory())) {
            bundled = files.map(f -> script.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> m.group(1))
                    .sorted(Comparator.comparingInt(Integer::parseInt)).toList();
        }
        assertThat(bundled).isNotEmpty();
        assertThat(Migrations.VERSIONS).isEqualTo(bundled);
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
