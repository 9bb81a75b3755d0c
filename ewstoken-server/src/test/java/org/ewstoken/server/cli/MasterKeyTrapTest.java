package org.ewstoken.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ewstoken.server.Installation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing keys are sealed by a master key. No command may leave an installation with keys that its
 * master key cannot open: a store import checks before it commits, and nothing makes a new master
 * key next to a database that already holds sealed keys.
 */
class MasterKeyTrapTest {

    @TempDir Path dir;
    Path source;
    Path export;

    @BeforeEach
    void anExportedInstallationWithTwoKeys() {
        source = dir.resolve("source");
        ok(env(source), "keys", "rotate");
        export = dir.resolve("export.json");
        ok(env(source), "store", "export", export.toString());
    }

    static Map<String, String> env(Path dataDir, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("EWSTOKEN_DATA_DIR", dataDir.toString(),
                "EWSTOKEN_ARGON2_MEMORY_KIB", "1024", "EWSTOKEN_ARGON2_ITERATIONS", "1"));
        for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
        return env;
    }

    static CliRunner.Result ok(Map<String, String> env, String... args) {
        CliRunner.Result r = CliRunner.run(env, "", args);
        assertThat(r.exitCode()).as("%s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    static CliRunner.Result refused(Map<String, String> env, String... args) {
        CliRunner.Result r = CliRunner.run(env, "", args);
        assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).startsWith("ewstoken: ").hasLineCount(1).doesNotContain("\tat ");
        return r;
    }

    @Test
    void anImportWithoutAMasterKeyIsRefusedNamingTheKeyToSupplyAndImportsNothing() throws Exception {
        Path target = dir.resolve("target");

        CliRunner.Result r = refused(env(target), "store", "import", export.toString());

        assertThat(r.err()).contains("it holds 2 signing keys sealed by the master key of the installation it was"
                        + " exported from", "no master key is configured here",
                "copy its master.key to " + target.resolve(Installation.MASTER_KEY_FILE), "--master-key-file",
                "EWSTOKEN_MASTER_KEY", "nothing was imported");
        assertThat(target.resolve(Installation.MASTER_KEY_FILE)).doesNotExist();

        // Nothing was committed: with the right key the same import now succeeds and the keys work.
        Files.copy(source.resolve(Installation.MASTER_KEY_FILE), target.resolve(Installation.MASTER_KEY_FILE));
        assertThat(ok(env(target), "store", "import", export.toString()).out())
                .contains("signing_keys 2", "opens every imported signing key");
        assertThat(ok(env(target), "keys", "list").out()).contains(firstKeyId());
    }

    @Test
    void anImportWithAnotherMasterKeyIsRefusedBeforeItCommits() {
        Path target = dir.resolve("target");
        Path otherKey = dir.resolve("other").resolve(Installation.MASTER_KEY_FILE);
        ok(env(dir.resolve("other")), "users", "list"); // an installation of its own, with its own master key

        CliRunner.Result r = refused(env(target, "EWSTOKEN_MASTER_KEY_FILE", otherKey.toString()),
                "store", "import", export.toString());

        assertThat(r.err()).contains("the master key in the file " + otherKey + " does not open signing key",
                "supply the master key of the installation it was exported from", "nothing was imported");
        // Rolled back: the database is still empty, so the import with the right key succeeds.
        ok(env(target, "EWSTOKEN_MASTER_KEY_FILE", source.resolve(Installation.MASTER_KEY_FILE).toString()),
                "store", "import", export.toString());
    }

    @Test
    void noCommandMakesANewMasterKeyNextToSealedKeys() throws Exception {
        Files.delete(source.resolve(Installation.MASTER_KEY_FILE)); // lost, or not copied along

        for (String[] command : new String[][] {{"keys", "list"}, {"users", "list"}, {"serve", "--port", "0"}}) {
            CliRunner.Result r = refused(env(source), command);
            assertThat(r.err()).as(String.join(" ", command)).contains("holds 2 signing keys sealed by a master key,"
                    + " but there is no master key at " + source.resolve(Installation.MASTER_KEY_FILE),
                    "restore the master key");
        }
        assertThat(source.resolve(Installation.MASTER_KEY_FILE)).doesNotExist();
    }

    @Test
    void anExportWithoutKeysNeedsNoMasterKey() {
        Path empty = dir.resolve("empty");
        Path emptyExport = dir.resolve("empty.json");
        ok(env(empty), "users", "list"); // an installation in which no command made a signing key yet
        ok(env(empty), "store", "export", emptyExport.toString());

        Path target = dir.resolve("target");
        assertThat(ok(env(target), "store", "import", emptyExport.toString()).out()).contains("imported");
        ok(env(target), "keys", "list"); // the first key and master key are made now, as on any first start
    }

    private String firstKeyId() {
        return ok(env(source), "keys", "list").out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
    }
}
