package org.ewstoken.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.store.PrivateFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory, the database with its -wal and -shm files, the master key and export files are
 * the owner's only, whatever the umask (the build's is the usual 022, which alone would give 0755/0644);
 * existing ones that others can read are reported.
 */
class DataAtRestTest {

    @TempDir Path dir;

    private static String mode(Path p) {
        return PrivateFiles.mode(p).map(PosixFilePermissions::toString).orElse("absent");
    }

    @Test
    void aNewInstallationIsReadableByItsOwnerOnly() throws Exception {
        Path data = dir.resolve("nested/data");
        try (TestServer server = TestServer.start(data)) {
            server.addUser(TestServer.ALICE); // a write, so that the -wal and -shm files exist
            assertThat(mode(data)).isEqualTo("rwx------");
            for (String name : new String[] {"ewstoken.db", "ewstoken.db-wal", "ewstoken.db-shm", "master.key"}) {
                Path f = data.resolve(name);
                if (Files.exists(f)) assertThat(mode(f)).as(name).isEqualTo("rw-------");
            }
            assertThat(Files.exists(data.resolve("ewstoken.db-wal"))).isTrue();
        }
        assertThat(PrivateFiles.openToOthers(data, data.resolve("ewstoken.db"))).isEmpty();
    }

    @Test
    void anExportIsReadableByItsOwnerOnly() {
        Path data = dir.resolve("data");
        Map<String, String> env = new HashMap<>(Map.of("EWSTOKEN_DATA_DIR", data.toString(),
                "EWSTOKEN_ARGON2_MEMORY_KIB", "1024", "EWSTOKEN_ARGON2_ITERATIONS", "1"));
        assertThat(CliRunner.run(env, "", "keys", "rotate").exitCode()).isZero();
        Path export = dir.resolve("export.json");
        assertThat(CliRunner.run(env, "", "store", "export", export.toString()).exitCode()).isZero();
        assertThat(mode(export)).isEqualTo("rw-------");
    }

    @Test
    void existingFilesOpenToOthersAreReportedAndLeftAsTheOperatorMadeThem() throws Exception {
        Path data = Files.createDirectories(dir.resolve("old"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = Files.createFile(data.resolve("ewstoken.db"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Path wal = Files.createFile(data.resolve("ewstoken.db-wal"));
        Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-------"));

        assertThat(PrivateFiles.openToOthers(data, db, wal, data.resolve("absent")))
                .containsExactly(data + " (rwxr-xr-x)", db + " (rw-r--r--)");
        assertThat(PrivateFiles.file(db)).as("an existing file is not re-created").isFalse();
        assertThat(mode(db)).isEqualTo("rw-r--r--");
        PrivateFiles.directory(data);
        assertThat(mode(data)).as("nor an existing directory changed").isEqualTo("rwxr-xr-x");
    }
}
