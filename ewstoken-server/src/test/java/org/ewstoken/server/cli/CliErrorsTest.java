package org.ewstoken.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure a person can cause is one {@code ewstoken:} line that says what and what to do, with
 * exit code 1 (2 for a wrong command line), and never a stack trace.
 */
class CliErrorsTest {

    @TempDir Path dir;
    Map<String, String> env;

    @BeforeEach
    void installation() {
        env = Map.of("EWSTOKEN_DATA_DIR", dir.resolve("data").toString(), "EWSTOKEN_ARGON2_MEMORY_KIB", "1024",
                "EWSTOKEN_ARGON2_ITERATIONS", "1");
    }

    CliRunner.Result fails(String stdin, String... args) {
        CliRunner.Result r = CliRunner.run(env, stdin, args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertOneLine(r);
        return r;
    }

    static void assertOneLine(CliRunner.Result r) {
        assertThat(r.err()).startsWith("ewstoken: ").doesNotContain("\tat ", "Exception").hasLineCount(1);
    }

    @Test
    void aPortInUseIsNamedWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(fails("", "serve", "--port", Integer.toString(port)).err()).isEqualTo("ewstoken: cannot listen"
                    + " on 127.0.0.1:" + port + ": the port " + port + " is in use by another program (another"
                    + " ewstoken?); stop it, or choose a free port with --port (setting 'port'), 0 for any free one\n");
        }
    }

    @Test
    void aBindAddressThatIsNotThisMachinesIsNamedWithWhatToDo() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of a real machine.
        assertThat(fails("", "serve", "--port", "0", "--bind", "192.0.2.1").err()).contains(
                "cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine", "--bind", "0.0.0.0");
        assertThat(fails("", "serve", "--port", "0", "--bind", "no-such-host.invalid").err()).contains(
                "the bind address no-such-host.invalid is not a name this machine can resolve", "--bind");
    }

    @Test
    void missingFilesGiveTheCause() {
        Path missing = dir.resolve("missing.xml");
        assertThat(fails("", "apps", "install", missing.toString()).err())
                .isEqualTo("ewstoken: cannot read the manifest " + missing + ": no such file or directory\n");
        assertThat(fails("", "apps", "install", dir.toString()).err())
                .isEqualTo("ewstoken: cannot read the manifest " + dir + ": it is a directory, not a file\n");
        assertThat(fails("", "keys", "import", missing.toString()).err())
                .isEqualTo("ewstoken: cannot read " + missing + ": no such file or directory\n");
        assertThat(CliRunner.run(env, "", "users", "list").exitCode()).isZero(); // an installation to export
        assertThat(fails("", "store", "export", dir.resolve("no/such/dir/x.json").toString()).err())
                .isEqualTo("ewstoken: cannot create " + dir.resolve("no/such/dir/x.json") + ": no such file or directory\n");
        assertThat(fails("", "store", "import", missing.toString()).err())
                .isEqualTo("ewstoken: cannot read " + missing + ": no such file or directory\n");
        assertThat(fails("", "serve", "--config", missing.toString()).err())
                .isEqualTo("ewstoken: cannot read the configuration file " + missing + ": no such file or directory\n");
    }

    @Test
    void aFailedStoreImportOfAMissingFileLeavesNoDatabaseBehind() {
        fails("", "store", "import", dir.resolve("missing.json").toString());
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void exportingAnInstallationThatIsNotThereSaysSoAndCreatesNothing() {
        assertThat(fails("", "store", "export", dir.resolve("x.json").toString()).err()).isEqualTo("ewstoken: there is"
                + " no installation to export: " + dir.resolve("data").resolve("ewstoken.db") + " does not exist (name"
                + " the data directory with --data-dir, or set store-url for PostgreSQL)\n");
        assertThat(dir.resolve("data")).doesNotExist();
        assertThat(dir.resolve("x.json")).doesNotExist();
    }

    @Test
    void aFailedDownloadGivesTheReason() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(fails("", "apps", "install", "https://127.0.0.1:" + closed + "/manifest.xml").err()).contains(
                "the manifest could not be downloaded: nothing accepts connections at 127.0.0.1 port " + closed
                        + " (connection refused)");
        assertThat(fails("", "apps", "install", "https://no-such-host.invalid/manifest.xml").err()).contains(
                "the host name no-such-host.invalid does not resolve");
    }

    @Test
    void passwordFromStandardInputAndAGeneratedOneExcludeEachOther() {
        assertThat(fails("Long-enough-1\n", "users", "add", "a@contoso.com", "--password-stdin", "--generate-password")
                .err()).isEqualTo("ewstoken: --password-stdin and --generate-password exclude each other: give one of them\n");
        assertThat(fails("Long-enough-1\n", "users", "passwd", "a@contoso.com", "--password-stdin",
                "--generate-password").err()).contains("exclude each other");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void anAddInAudienceMustBeHttpsLikeAManifestsUnlessHttpIsAllowed() {
        String[] add = {"apps", "add", "--id", "1c50226d-04b5-4ab2-9fcd-42e236b59e4b", "--name", "Dev",
            "--permission", "ReadItem", "--audience", "http://localhost:3000/taskpane.html"};
        assertThat(fails("", add).err()).isEqualTo("ewstoken: --audience http://localhost:3000/taskpane.html is plain"
                + " http; like a manifest's SourceLocation it must be https, or add --allow-http (development only)\n");

        String[] allowed = java.util.Arrays.copyOf(add, add.length + 1);
        allowed[add.length] = "--allow-http";
        CliRunner.Result ok = CliRunner.run(env, "", allowed);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
    }

    @Test
    void aWrongCommandLineIsOneLineNamingTheHelpWithExitCode2() {
        CliRunner.Result unknown = CliRunner.run(env, "", "srve");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertOneLine(unknown);
        assertThat(unknown.err()).isEqualTo("ewstoken: unknown command 'srve'; did you mean 'serve'? (see 'ewstoken --help')\n");

        CliRunner.Result option = CliRunner.run(env, "", "apps", "list", "--user", "a@contoso.com");
        assertThat(option.exitCode()).isEqualTo(2);
        assertOneLine(option);
        assertThat(option.err()).contains("'--user'", "see 'ewstoken apps list --help'");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRunner.Result r = CliRunner.run(Map.of("EWSTOKEN_DATA_DIR", file.resolve("data").toString()), "",
                "users", "list");
        assertThat(r.exitCode()).isEqualTo(1);
        assertOneLine(r);
        assertThat(r.err()).startsWith("ewstoken: cannot create the data directory " + file.resolve("data") + ": ");
    }
}
