package org.ewstoken.server.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ewstoken.testkit.RequiredService;

/**
 * Stops and starts the machine's PostgreSQL cluster (what .ci/run started), for the test of a
 * database restart under load. Needs root and {@code pg_ctlcluster}; the cluster is named by
 * {@code EWSTOKEN_TEST_PG_CLUSTER} (default "15 main"). Runs in CI; elsewhere only when
 * {@code EWSTOKEN_TEST_PG_RESTART=true}, because restarting a developer's PostgreSQL would also cut
 * off whatever else uses it. Without the means, the test is skipped, or fails in CI.
 */
final class PostgresControl {

    private static final String CLUSTER = System.getenv().getOrDefault("EWSTOKEN_TEST_PG_CLUSTER", "15 main");

    private PostgresControl() {}

    static void assumeControllable() {
        String service = "a PostgreSQL the test may restart";
        if (!RequiredService.inCi() && !"true".equalsIgnoreCase(System.getenv("EWSTOKEN_TEST_PG_RESTART"))) {
            RequiredService.assume(service, "restarting it would cut off whatever else uses it;"
                    + " set EWSTOKEN_TEST_PG_RESTART=true to allow it (CI does)");
        }
        String why = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            why = "restarting PostgreSQL needs root";
        } else {
            try {
                run("status");
            } catch (IOException | IllegalStateException e) {
                why = "pg_ctlcluster " + CLUSTER + " is not usable: " + e.getMessage();
            }
        }
        RequiredService.assume(service, why);
    }

    /** Fast shutdown: open sessions are ended, as in a crash or failover. */
    static void stop() throws IOException {
        run("stop", "-m", "fast");
    }

    static void start() throws IOException {
        run("start");
    }

    private static void run(String... action) throws IOException {
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster"));
        command.addAll(List.of(CLUSTER.split(" ")));
        command.addAll(List.of(action));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // status exits 3 when the cluster is down: usable, but not what these tests expect.
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + output.strip());
        }
    }
}
