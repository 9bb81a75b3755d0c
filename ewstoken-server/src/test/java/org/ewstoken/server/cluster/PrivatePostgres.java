package org.ewstoken.server.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ewstoken.store.PostgresTestDatabase;
import org.ewstoken.testkit.ClassFixture;
import org.ewstoken.testkit.RequiredService;

/**
 * A PostgreSQL of the test's own, made with the machine's installed binaries ({@code initdb},
 * {@code pg_ctl}) in a temporary directory and listening on a free loopback port, for the test that
 * stops and starts its database under load: stopping the machine's shared PostgreSQL would cut off
 * every other test, and anyone else, using it. The role and password are those of
 * {@link PostgresTestDatabase}. PostgreSQL refuses to run as root, so under root (CI) the server
 * runs as the {@code postgres} account the package created.
 *
 * @param root its directory (data, socket, log), removed on {@link #close()}
 * @param bin  the installed server's programs
 * @param port where it listens on 127.0.0.1
 */
record PrivatePostgres(Path root, Path bin, int port) implements AutoCloseable {

    private static final String SERVICE = "PostgreSQL's server binaries (initdb, pg_ctl)";
    private static final String ACCOUNT = "postgres";

    /** A new, started cluster; skips (fails in CI) the calling test when the binaries are missing. */
    static PrivatePostgres create() throws Exception {
        Path bin = binaries();
        RequiredService.assume(SERVICE, bin == null ? "no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)"
                : null);
        Path root = Files.createTempDirectory("ewstoken-private-pg");
        if (asRoot()) {
            UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ACCOUNT);
            Files.setOwner(root, owner);
        }
        PrivatePostgres pg = new PrivatePostgres(root, bin, freePort());
        try {
            Path pw = root.resolve("pw");
            Files.writeString(pw, PostgresTestDatabase.PASSWORD + "\n");
            if (asRoot()) Files.setOwner(pw, Files.getOwner(root));
            pg.run("initdb", "-D", pg.data(), "-U", PostgresTestDatabase.USER, "--pwfile=" + pw,
                    "--auth-host=scram-sha-256", "--auth-local=peer", "-E", "UTF8", "--no-instructions");
            pg.start();
            return pg;
        } catch (Exception | Error e) {
            pg.close();
            throw e;
        }
    }

    /** The JDBC URL of the cluster's own {@code postgres} database (schemas go into it). */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A new schema in this cluster, dropped when the returned database is closed. */
    PostgresTestDatabase newDatabase() {
        return PostgresTestDatabase.createAt(url());
    }

    /** Fast shutdown: open sessions are ended, as in a crash or failover. */
    void stop() throws IOException {
        run("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "120", "stop");
    }

    /** Starts it again (or the first time), waiting until it accepts connections. */
    void start() throws IOException {
        // The socket goes into our directory: the system's (/var/run/postgresql) is not ours to use.
        run("pg_ctl", "-D", data(), "-l", root.resolve("log").toString(), "-w", "-t", "120",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + root + " -c shared_buffers=16MB", "start");
    }

    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(root.resolve("data/postmaster.pid"))) stop();
        } finally {
            ClassFixture.deleteTree(root);
        }
    }

    private String data() {
        return root.resolve("data").toString();
    }

    private void run(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (asRoot()) command.addAll(List.of("runuser", "-u", ACCOUNT, "--"));
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(program + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            String log = Files.exists(root.resolve("log")) ? Files.readString(root.resolve("log")) : "";
            throw new IllegalStateException(program + " exited " + p.exitValue() + ": " + output.strip() + "\n" + log);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest installed server's bin directory (Debian's layout), or null. */
    private static Path binaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) return null;
        try (var dirs = Files.list(versions)) {
            return dirs.map(d -> d.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max((x, y) -> Integer.compare(version(x), version(y))).orElse(null);
        }
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
