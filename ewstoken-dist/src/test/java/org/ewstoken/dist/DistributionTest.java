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
