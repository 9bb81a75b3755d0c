package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
        store.close();
        reopenStore().close();
        store = reopenStore();

        assertThat(appliedVersions()).containsExactly("1");
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
    void concurrentRotationsLeaveExactlyOneSigningKey() throws Exception {
        store.addKey(key("initial", T0));

        runConcurrently(6, i -> {
            store.rotateKey(key("rotated-" + i, T0.plusSeconds(i + 1)));
            return null;
        });

        assertThat(store.listKeys()).hasSize(7)
                .filteredOn(k -> k.retiredAt() == null).hasSize(1);
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
