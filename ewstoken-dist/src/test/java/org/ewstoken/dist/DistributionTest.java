package org.ewstoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteJDBCLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as an operator gets it: unpacked into an empty directory, outside the source
 * tree and without Maven, its launcher runs the server's self-test, its example configuration is one
 * the server accepts, and its systemd unit is hardened.
 */
class DistributionTest {

    @TempDir static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("ewstoken.distribution"));
        assertThat(archive).as("the build makes the archive in package").isRegularFile();
        Result tar = run(unpacked, Map.of(), "tar", "-xzf", archive.toString(), "-C", unpacked.toString());
        assertThat(tar.code()).as(tar.output()).isZero();
        try (var entries = Files.list(unpacked)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void itHoldsTheLauncherTheJarTheExampleConfigurationAndTheUnit() {
        assertThat(home.getFileName().toString()).startsWith("ewstoken-");
        assertThat(home.resolve("bin/ewstoken")).isExecutable();
        assertThat(home.resolve("lib/ewstoken.jar")).isRegularFile();
        assertThat(home.resolve("conf/ewstoken.properties")).isRegularFile();
        assertThat(home.resolve("systemd/ewstoken.service")).isRegularFile();
        assertThat(home.resolve("doc/deployment.md")).isRegularFile();
    }

    @Test
    void itsLauncherRunsTheSelfTestFromAnywhereWithoutMavenOrASourceTree() throws Exception {
        Path elsewhere = Files.createDirectories(unpacked.resolve("cwd"));
        Result r = run(elsewhere, Map.of("EWSTOKEN_CDS", "off"),
                home.resolve("bin/ewstoken").toString(), "selftest");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("selftest passed").doesNotContain("building");
        try (var left = Files.list(elsewhere)) {
            assertThat(left).as("nothing written where it ran").isEmpty();
        }
    }

    @Test
    void itsLauncherRecordsAClassDataArchiveOnceThatHoldsPicocliAndTheJvmMapsAndKeepsSqlitesLibraryBesideIt()
            throws Exception {
        Path cds = Files.createDirectories(unpacked.resolve("cds"));
        String launcher = home.resolve("bin/ewstoken").toString();
        Result first = run(unpacked, Map.of("EWSTOKEN_CDS_DIR", cds.toString()), launcher, "--version");
        Result second = run(unpacked, Map.of("EWSTOKEN_CDS_DIR", cds.toString()), launcher, "--version");

        assertThat(first.code()).as(first.output()).isZero();
        assertThat(first.output()).contains("recording start-up classes", "ewstoken 0.1.0");
        assertThat(second.output()).as("recorded once").isEqualTo("ewstoken 0.1.0\n");
        assertThat(Files.readString(cds.resolve("ewstoken.jsa.opts"))).isEqualTo("-Xms64m -Xmx256m -XX:+UseG1GC");
        try (var files = Files.list(cds)) {
            // SQLite's native library, copied out of the jar once (by the recording's selftest), not at every start
            assertThat(files.map(f -> f.getFileName().toString()).toList()).as("no leftovers of the recording")
                    .hasSize(3).contains("ewstoken.jsa", "ewstoken.jsa.opts")
                    .anySatisfy(name -> assertThat(name).startsWith("sqlite-" + SQLiteJDBCLoader.getVersion() + "-")
                            .endsWith(System.mapLibraryName("sqlitejdbc")));
        }
        // -Xshare:on fails rather than run without the archive; picocli's classes (compiled for Java 5) are in
        // it, which a dynamic archive of JDK 17 leaves out, and the console's, which serve --demo starts.
        Result mapped = run(unpacked, Map.of(), "java", "-Xms64m", "-Xmx256m", "-XX:+UseG1GC", "-Xshare:on",
                "-XX:SharedArchiveFile=" + cds.resolve("ewstoken.jsa"), "-Xlog:class+load=info",
                "-jar", home.resolve("lib/ewstoken.jar").toString(), "selftest");
        assertThat(mapped.code()).as(mapped.output()).isZero();
        assertThat(mapped.output()).contains("picocli.CommandLine source: shared objects file",
                "org.ewstoken.server.console.ConsoleHandler source: shared objects file");
    }

    @Test
    void theExampleConfigurationIsOneTheServerAccepts() throws Exception {
        Path data = unpacked.resolve("data");
        Result r = run(unpacked, Map.of("EWSTOKEN_CDS", "off", "EWSTOKEN_DATA_DIR", data.toString(),
                "EWSTOKEN_ARGON2_MEMORY_KIB", "1024"), home.resolve("bin/ewstoken").toString(), "users", "list",
                "--config", home.resolve("conf/ewstoken.properties").toString());

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("SMTP");
    }

    @Test
    void theSystemdUnitRunsUnprivilegedOnAReadOnlySystemWithAStateDirectory() throws IOException {
        String unit = Files.readString(home.resolve("systemd/ewstoken.service"), StandardCharsets.UTF_8);

        assertThat(unit).contains("\nDynamicUser=yes\n", "\nProtectSystem=strict\n", "\nNoNewPrivileges=yes\n",
                "\nStateDirectory=ewstoken\n", "\nEnvironment=EWSTOKEN_DATA_DIR=/var/lib/ewstoken\n",
                "\nExecStart=/opt/ewstoken/bin/ewstoken serve\n", "\nCapabilityBoundingSet=\n");
        assertThat(Files.getPosixFilePermissions(home.resolve("systemd/ewstoken.service")))
                .doesNotContain(PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_WRITE);
    }

    record Result(int code, String output) {}

    private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("EWSTOKEN_") || k.equals("JAVA_HOME") || k.equals("MAVEN_OPTS"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
