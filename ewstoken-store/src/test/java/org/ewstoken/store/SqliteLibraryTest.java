package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** SQLite's native library is copied once into the launcher's directory, and sqlite-jdbc is pointed at the copy. */
class SqliteLibraryTest {

    @AfterEach
    void forget() {
        System.clearProperty(SqliteLibrary.DIRECTORY_PROPERTY);
        System.clearProperty("org.sqlite.lib.path");
        System.clearProperty("org.sqlite.lib.name");
    }

    @Test
    void theLibraryIsKeptUnderItsVersionAndSqliteJdbcIsPointedAtIt(@TempDir Path dir) throws Exception {
        System.setProperty(SqliteLibrary.DIRECTORY_PROPERTY, dir.toString());
        SqliteLibrary.useKeptCopy();

        Path kept = Path.of(System.getProperty("org.sqlite.lib.path"), System.getProperty("org.sqlite.lib.name"));
        assertThat(kept.getParent()).isEqualTo(dir);
        assertThat(kept.getFileName().toString()).startsWith("sqlite-" + SQLiteJDBCLoader.getVersion() + "-")
                .endsWith(LibraryLoaderUtil.getNativeLibName());
        try (InputStream bundled = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            assertThat(Files.readAllBytes(kept)).as("the jar's library, whole").isEqualTo(bundled.readAllBytes());
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("no partial copy left").containsExactly(kept);
        }
    }

    @Test
    void withoutTheLaunchersDirectorySqliteJdbcIsLeftToExtractItAsBefore() {
        SqliteLibrary.useKeptCopy();

        assertThat(System.getProperty("org.sqlite.lib.path")).isNull();
    }
}
