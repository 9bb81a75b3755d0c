package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.store.StoreFixtures.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a real SQLite file, plus what is particular to the SQLite factory. */
class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    Path databaseFile() {
        return dir.resolve("data").resolve("nested").resolve("ewstoken.db");
    }

    @Override
    Store newStore() {
        return SqliteStore.open(databaseFile());
    }

    @Override
    Store reopenStore() {
        return SqliteStore.open(databaseFile());
    }

    @Test
    void openingCreatesTheFileAndItsMissingParentDirectories() {
        assertThat(databaseFile()).isRegularFile();
    }

    @Test
    void theDatabaseUsesWriteAheadLogging() throws Exception {
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void reopeningAppliesEachMigrationOnlyOnce() throws Exception {
        List<String> applied = appliedVersions();
        store.close();
        reopenStore().close();
        store = reopenStore();

        assertThat(appliedVersions()).isEqualTo(applied).startsWith("1").doesNotHaveDuplicates();
    }

    @Test
    void openingFailsClearlyWhenTheDirectoryCannotBeCreated() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");

        assertThatThrownBy(() -> SqliteStore.open(blocker.resolve("ewstoken.db")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("create directory");
    }

    @Test
    void anSqlFailureNamesTheOperationButNoParameterValues() throws Exception {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE settings");
        }

        assertThatThrownBy(() -> store.settingIfAbsent("secret.name", "SECRET-VALUE"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("write setting failed (SQLState")
                .hasCauseInstanceOf(SQLException.class)
                .satisfies(e -> assertNoValueInChain(e, "SECRET-VALUE", "secret.name"));
    }

    @Test
    void concurrentUserRemovalsAndAddInWritesDoNotDeadlockOrFail() throws Exception {
        for (int i = 0; i < 6; i++) {
            store.addUser(user("u" + i + "@example.com"));
        }

        runConcurrently(6, i -> {
            String owner = "u" + i + "@example.com";
            store.addAddIn(userAddIn(String.format("%08d-0000-0000-0000-000000000000", i), owner));
            store.setAddInEnabled(String.format("%08d-0000-0000-0000-000000000000", i), false);
            return store.removeUser(owner);
        });

        assertThat(store.listUsers()).isEmpty();
        assertThat(store.listAddIns()).isEmpty();
    }

    @Test
    void upgradingAVersion1DatabaseKeepsItsAddInsAsOptionalOnesWithoutManifest() throws Exception {
        store.close();
        Path old = dir.resolve("v1.db");
        String url = "jdbc:sqlite:" + old;
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations(Migrations.LOCATION).target("1")
                .load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users VALUES ('alice@example.com', 'Alice', '3f2504e0-4f89-11d3-9a0c-0305e82c3301',"
                    + " 'hash', 1000)");
            s.execute("INSERT INTO add_ins VALUES ('aaaaaaaa-0000-0000-0000-000000000001', 'Org', 'ReadItem',"
                    + " 'https://org.example/', 'Mail.Read', 1, 'ORGANIZATION', NULL, 2000)");
            s.execute("INSERT INTO add_ins VALUES ('bbbbbbbb-0000-0000-0000-000000000001', 'Mine', 'ReadWriteItem',"
                    + " 'https://mine.example/', '', 0, 'USER', 'alice@example.com', 3000)");
        }

        store = SqliteStore.open(old);

        assertThat(store.listAddIns()).containsExactly(
                new AddIn("aaaaaaaa-0000-0000-0000-000000000001", "Org", Permission.READ_ITEM, "https://org.example/",
                        Set.of("Mail.Read"), true, InstallScope.ORGANIZATION, null, Instant.ofEpochMilli(2000)),
                new AddIn("bbbbbbbb-0000-0000-0000-000000000001", "Mine", Permission.READ_WRITE_ITEM,
                        "https://mine.example/", Set.of(), false, InstallScope.USER, "alice@example.com",
                        Instant.ofEpochMilli(3000)));
        assertThat(store.findAddInFor("bbbbbbbb-0000-0000-0000-000000000001", "alice@example.com"))
                .hasValueSatisfying(m -> assertThat(m.enabled()).isFalse());
        assertThat(store.findManifest("aaaaaaaa-0000-0000-0000-000000000001", null)).isEmpty();
    }

    @Test
    void anInstallationIsStampedWithTheStoresClockNotTheMachines() throws Exception {
        store.close();
        Instant fixed = Instant.parse("2031-07-04T12:00:00.250Z");
        try (Database db = Database.sqlite(databaseFile());
             Store clocked = db.store(StoreObserver.NONE, Clock.fixed(fixed, ZoneOffset.UTC))) {
            clocked.addAddIn(StoreFixtures.orgAddIn("abcdef01-2345-6789-abcd-ef0123456789"));
        }
        store = null;

        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT updated_at FROM add_ins")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(fixed.toEpochMilli());
        }
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
    }

    private List<String> appliedVersions() throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history"
                     + " WHERE success = 1 AND version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }
}
