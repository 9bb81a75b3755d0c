package org.ewstoken.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.Jwts;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.store.PostgresStore;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL, as behind a load balancer: what one node or the CLI
 * changes, the other honours, within the documented bounds; a node dying or the database
 * restarting loses no committed write and needs no node restart. Figures measured here are printed
 * as lines starting with "FIGURE".
 */
class MultiNodeTest {

    /**
     * Short intervals so that the test runs in seconds; the relations between them are the defaults'. The
     * store timeout is not shortened but doubled: on a loaded machine a new PostgreSQL connection (e.g. for the
     * migrations at start) can take seconds, and a second-long wait made nodes, the CLI or the seeding fail.
     * It bounds /readyz while the database is down, so {@link NodeProcess}'s client waits far longer.
     */
    static final Map<String, String> FAST = Map.of(
            "EWSTOKEN_KEY_REFRESH_INTERVAL", "1s",
            "EWSTOKEN_KEY_PRE_PUBLICATION", "4s",
            "EWSTOKEN_STORE_TIMEOUT", "10s");
    /** The documented bound for a change made elsewhere: registry-cache-ttl, left at its default. */
    static final Duration PROPAGATION_BOUND = Duration.ofSeconds(2);

    @TempDir Path dir;

    static String callbackRequest() {
        return Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(Cluster.ADD_IN, "ExtensionCallback"));
    }

    static String identityRequest() {
        return Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(Cluster.ADD_IN, "CallerIdentity"));
    }

    /** The token of a successful answer (validated against the schemas), else null. */
    static String token(HttpResponse<String> r) {
        if (r.statusCode() != 200) return null;
        SoapResponses.Message m = SoapResponses.messages(r.body()).get(0);
        return "Success".equals(m.responseClass()) ? m.tokenValue() : null;
    }

    static String x5t(String token) throws Exception {
        return Jwts.header(token).get("x5t").asText();
    }

    /** The tests that leave the cluster as they found it share one: starting two nodes takes seconds. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnTwoRunningNodes {

        Path sharedDir;
        Cluster cluster;
        NodeProcess a;
        NodeProcess b;

        @BeforeAll
        void startTwoNodes() throws Exception {
            sharedDir = Files.createTempDirectory("ewstoken-cluster");
            cluster = Cluster.create(sharedDir, FAST);
            a = cluster.start("node-a");
            b = cluster.start("node-b");
        }

        @AfterAll
        void stopThem() throws Exception {
            if (cluster != null) cluster.close();
            if (sharedDir != null) {
                try (var files = Files.walk(sharedDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }

        @Test
        void aTokenIssuedByOneNodeVerifiesWithTheOtherNodesMetadata() throws Exception {
            String token = token(a.soap(identityRequest(), Cluster.USER, Cluster.PASSWORD));
            assertThat(token).as(a.log()).isNotNull();
            X509Certificate cert = Cluster.published(b).get(x5t(token));

            assertThat(cert).as("node B publishes the key node A signed with").isNotNull();
            Jwts.verify(token, cert, Cluster.AUDIENCE, Cluster.ISSUER);
            assertThat(b.get("/autodiscover/metadata/json/1").body())
                    .isEqualTo(a.get("/autodiscover/metadata/json/1").body());
        }

        @Test
        void aRotationOnOneNodeIsPublishedByEveryNodeBeforeAnyNodeSignsWithIt() throws Exception {
            String oldKey = x5t(token(a.soap(callbackRequest(), Cluster.USER, Cluster.PASSWORD)));

            CliRunner.Result rotated = cluster.cli("keys", "rotate");
            Instant rotatedAt = Instant.now();
            assertThat(rotated.exitCode()).as(rotated.err()).isZero();
            Matcher m = Pattern.compile("new signing key (\\S+),").matcher(rotated.out());
            assertThat(m.find()).as(rotated.out()).isTrue();
            String newKey = m.group(1);

            // Sample both nodes' documents, then both nodes' tokens, until both sign with the new key.
            Map<String, Instant> published = new ConcurrentHashMap<>();
            Map<String, Instant> signing = new ConcurrentHashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (signing.size() < 2 && System.nanoTime() < deadline) {
                for (NodeProcess n : List.of(a, b)) {
                    if (Cluster.published(n).containsKey(newKey)) published.putIfAbsent(n.name(), Instant.now());
                }
                for (NodeProcess n : List.of(a, b)) {
                    String key = x5t(token(n.soap(callbackRequest(), Cluster.USER, Cluster.PASSWORD)));
                    assertThat(key).isIn(oldKey, newKey);
                    if (key.equals(newKey)) {
                        signing.putIfAbsent(n.name(), Instant.now());
                        assertThat(published).as("%s signed with %s before every node published it", n.name(), newKey)
                                .containsKeys("node-a", "node-b");
                    }
                }
                Thread.sleep(50);
            }

            assertThat(signing).containsKeys("node-a", "node-b");
            Instant lastPublished = published.values().stream().max(Instant::compareTo).orElseThrow();
            Instant firstSigned = signing.values().stream().min(Instant::compareTo).orElseThrow();
            System.out.printf("FIGURE rotation: published by both nodes %d ms after 'keys rotate', first token with "
                            + "the new key %d ms after it (pre-publication 4s, key refresh 1s)%n",
                    Duration.between(rotatedAt, lastPublished).toMillis(),
                    Duration.between(rotatedAt, firstSigned).toMillis());
            assertThat(lastPublished).isBefore(firstSigned);
            // The old key stays published for the tokens it signed.
            assertThat(Cluster.published(b)).containsKeys(oldKey, newKey);
        }

        @Test
        void aDisabledAddInAndARemovedUserAreRefusedByTheOtherNodeWithinTheBound() throws Exception {
            // A user and an add-in of this test's own: the other tests share the cluster.
            String user = "carol@contoso.com";
            String addIn = "2d50226d-04b5-4ab2-9fcd-42e236b59e4b";
            cluster.addUserAndAddIn(user, addIn);
            String request = Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(addIn, "ExtensionCallback"));
            assertThat(token(b.soap(request, user, Cluster.PASSWORD))).isNotNull(); // now cached

            assertThat(cluster.cli("apps", "disable", addIn).exitCode()).isZero();
            long disabledAt = System.nanoTime();
            Duration addInSeen = null;
            while (addInSeen == null && System.nanoTime() - disabledAt < Duration.ofSeconds(10).toNanos()) {
                HttpResponse<String> r = b.soap(request, user, Cluster.PASSWORD);
                SoapResponses.Message message = SoapResponses.messages(r.body()).get(0);
                if (message.responseCode().equals("ErrorInvalidClientAccessTokenRequest")) {
                    assertThat(message.messageText()).contains("disabled");
                    addInSeen = Duration.ofNanos(System.nanoTime() - disabledAt);
                }
                Thread.sleep(20);
            }

            assertThat(cluster.cli("users", "remove", user).exitCode()).isZero();
            long removedAt = System.nanoTime();
            Duration userSeen = null;
            while (userSeen == null && System.nanoTime() - removedAt < Duration.ofSeconds(10).toNanos()) {
                if (b.soap(request, user, Cluster.PASSWORD).statusCode() == 401) {
                    userSeen = Duration.ofNanos(System.nanoTime() - removedAt);
                }
                Thread.sleep(20);
            }

            System.out.printf("FIGURE propagation: add-in disabled via the CLI refused by node B after %d ms, "
                    + "user removed refused after %d ms (bound: registry-cache-ttl = %d ms)%n",
                    addInSeen == null ? -1 : addInSeen.toMillis(), userSeen == null ? -1 : userSeen.toMillis(),
                    PROPAGATION_BOUND.toMillis());
            assertThat(addInSeen).isNotNull().isLessThanOrEqualTo(PROPAGATION_BOUND.plusMillis(250));
            assertThat(userSeen).isNotNull().isLessThanOrEqualTo(PROPAGATION_BOUND.plusMillis(250));
        }
    }

    @Test
    void scheduledRotationOnTwoNodesCreatesExactlyOneNewKey() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(FAST);
        settings.put("EWSTOKEN_KEY_ROTATION_INTERVAL", "6s");
        try (Cluster cluster = Cluster.create(dir, settings)) {
            cluster.start("node-a");
            cluster.start("node-b");

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (keyCount(cluster) < 2 && System.nanoTime() < deadline) Thread.sleep(100);
            assertThat(keyCount(cluster)).as("a scheduled rotation happened").isGreaterThanOrEqualTo(2);
            Thread.sleep(2_500); // both nodes check again at least twice meanwhile

            // Each due rotation made one key, whichever node made it: a slow machine may see more than one rotation
            // (every 6 s), but two nodes rotating for the same due time would make two keys moments apart.
            List<Long> created = keyCreationTimes(cluster);
            for (int i = 1; i < created.size(); i++) {
                assertThat(created.get(i) - created.get(i - 1)).as("milliseconds between key %d and key %d", i, i + 1)
                        .isGreaterThanOrEqualTo(3_000);
            }
        }
    }

    static List<Long> keyCreationTimes(Cluster cluster) throws Exception {
        List<Long> times = new java.util.ArrayList<>();
        try (Connection c = cluster.database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT created_at FROM signing_keys ORDER BY created_at")) {
            while (rs.next()) times.add(rs.getLong(1));
        }
        return times;
    }

    static long keyCount(Cluster cluster) throws Exception {
        try (Connection c = cluster.database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM signing_keys")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void killingANodeMidLoadLosesNoCommittedWriteAndTheOtherKeepsServing() throws Exception {
        try (Cluster cluster = Cluster.create(dir, FAST);
             Store admin = PostgresStore.open(cluster.database().config())) {
            NodeProcess a = cluster.start("node-a");
            NodeProcess b = cluster.start("node-b");

            // Two-node throughput first: 4 clients per node for 3 seconds.
            Load warm = Load.start(List.of(a, b), 4);
            Thread.sleep(3_000);
            Load.Result both = warm.stop();
            System.out.printf("FIGURE two-node throughput: %.0f token requests/s (node-a %d, node-b %d in %.1f s; "
                            + "4 clients per node, one ExtensionCallback token each, 2 cores shared by both nodes, "
                            + "PostgreSQL and the clients)%n", both.ok() / both.seconds(), both.okBy("node-a"),
                    both.okBy("node-b"), both.seconds());
            assertThat(both.failed()).as(both.failures().toString()).isZero();

            // Then load on both, writes committing meanwhile, and node A killed in the middle.
            Load load = Load.start(List.of(a, b), 2);
            List<String> committed = new CopyOnWriteArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    String smtp = "user" + i + "@contoso.com";
                    try {
                        admin.addUser(new User(smtp, smtp, UUID.randomUUID(), "$argon2id$x", Instant.now()));
                        committed.add(smtp); // the store returned: the write is committed
                    } catch (Exception e) {
                        // not acknowledged: may or may not be there
                    }
                }
            });
            writer.start();
            Thread.sleep(1_000);
            long auditedByABeforeKill = auditRows(cluster, "node-a");
            a.kill();
            // A COMMIT that node A sent just before it died still completes in PostgreSQL, which ends the dead
            // node's sessions once it notices their closed sockets: count when none of them is left.
            awaitNoSessionsOf(cluster, "node-a");
            long auditedByAAfterKill = auditRows(cluster, "node-a");
            Instant killedAt = Instant.now();
            Thread.sleep(2_000);
            writing.set(false);
            writer.join();
            Load.Result result = load.stop();

            assertThat(a.isAlive()).isFalse();
            assertThat(result.failuresOf("node-b")).as("node B kept serving").isEmpty();
            assertThat(result.okByAfter("node-b", killedAt)).isPositive();
            assertThat(admin.listUsers()).extracting(User::smtpAddress).containsAll(committed);
            assertThat(committed).hasSizeGreaterThan(10);
            assertThat(auditRows(cluster, "node-a")).isEqualTo(auditedByAAfterKill)
                    .isGreaterThanOrEqualTo(auditedByABeforeKill);
            long auditedByB = auditRows(cluster, "node-b");
            Thread.sleep(1_000);
            assertThat(auditRows(cluster, "node-b")).isGreaterThanOrEqualTo(auditedByB).isPositive();
            System.out.printf("FIGURE node kill: %d writes committed during the kill, all present; node B answered %d "
                    + "requests after node A died, none failed%n", committed.size(), result.okByAfter("node-b", killedAt));
        }
    }

    /** Waits (generously: the machine is loaded) until PostgreSQL has ended every session of {@code node}. */
    static void awaitNoSessionsOf(Cluster cluster, String node) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        long sessions;
        do {
            try (Connection c = cluster.database().connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '"
                         + node + "'")) {
                rs.next();
                sessions = rs.getLong(1);
            }
            if (sessions > 0) Thread.sleep(50);
        } while (sessions > 0 && System.nanoTime() < deadline);
        assertThat(sessions).as("sessions of %s still open in PostgreSQL", node).isZero();
    }

    static long auditRows(Cluster cluster, String node) throws Exception {
        try (Connection c = cluster.database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_log WHERE node = '" + node + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void afterAPostgresqlRestartUnderLoadNodesReportNotReadyThenRecoverWithoutRestarting() throws Exception {
        // Its own PostgreSQL: stopping the shared one would cut off every other test using it.
        try (PrivatePostgres postgres = PrivatePostgres.create();
             Cluster cluster = Cluster.create(dir, FAST, postgres.newDatabase())) {
            NodeProcess a = cluster.start("node-a");
            NodeProcess b = cluster.start("node-b");
            long pidA = a.pid();
            long pidB = b.pid();
            Load load = Load.start(List.of(a, b), 2);
            Thread.sleep(500);

            long stoppedAt = System.nanoTime();
            Duration notReady;
            Duration ready;
            try {
                postgres.stop();
                awaitReadiness(List.of(a, b), 503);
                notReady = Duration.ofNanos(System.nanoTime() - stoppedAt);
            } finally {
                postgres.start();
            }
            long startedAt = System.nanoTime();
            awaitReadiness(List.of(a, b), 200);
            ready = Duration.ofNanos(System.nanoTime() - startedAt);
            Instant recovered = Instant.now();
            Thread.sleep(1_000);
            Load.Result result = load.stop();

            assertThat(a.pid()).isEqualTo(pidA);
            assertThat(b.pid()).isEqualTo(pidB);
            assertThat(a.isAlive() && b.isAlive()).isTrue();
            assertThat(result.okByAfter("node-a", recovered)).as(a.log()).isPositive();
            assertThat(result.okByAfter("node-b", recovered)).as(b.log()).isPositive();
            assertThat(token(a.soap(identityRequest(), Cluster.USER, Cluster.PASSWORD))).isNotNull();
            System.out.printf("FIGURE PostgreSQL restart: both nodes not ready %d ms after the stop; ready again %d ms "
                    + "after the start, without a node restart%n", notReady.toMillis(), ready.toMillis());
        }
    }

    /** Waits generously: while the database is down each /readyz takes up to the store timeout. */
    static void awaitReadiness(List<NodeProcess> nodes, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Set<String> reached = ConcurrentHashMap.newKeySet();
        while (reached.size() < nodes.size() && System.nanoTime() < deadline) {
            for (NodeProcess n : nodes) {
                HttpResponse<String> r = n.get("/readyz");
                if (r.statusCode() == status) reached.add(n.name());
            }
            Thread.sleep(100);
        }
        assertThat(reached).as("nodes answering /readyz with %d", status).hasSize(nodes.size());
    }

    /** Clients sending token requests to nodes in a loop, counting outcomes per node and time. */
    static final class Load {
        record Outcome(String node, Instant at, boolean ok, String failure) {}

        record Result(List<Outcome> outcomes, double seconds) {
            long ok() {
                return outcomes.stream().filter(Outcome::ok).count();
            }

            long failed() {
                return outcomes.size() - ok();
            }

            long okBy(String node) {
                return outcomes.stream().filter(o -> o.ok() && o.node().equals(node)).count();
            }

            long okByAfter(String node, Instant after) {
                return outcomes.stream().filter(o -> o.ok() && o.node().equals(node) && o.at().isAfter(after)).count();
            }

            List<String> failuresOf(String node) {
                return outcomes.stream().filter(o -> !o.ok() && o.node().equals(node)).map(Outcome::failure).toList();
            }

            List<String> failures() {
                return outcomes.stream().filter(o -> !o.ok()).map(o -> o.node() + ": " + o.failure()).limit(5).toList();
            }
        }

        private final ExecutorService pool;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        private final long started = System.nanoTime();

        private Load(ExecutorService pool) {
            this.pool = pool;
        }

        static Load start(List<NodeProcess> nodes, int clientsPerNode) {
            Load load = new Load(Executors.newFixedThreadPool(nodes.size() * clientsPerNode));
            for (NodeProcess node : nodes) {
                for (int i = 0; i < clientsPerNode; i++) load.pool.submit(() -> load.run(node));
            }
            return load;
        }

        private void run(NodeProcess node) {
            AtomicLong sent = new AtomicLong();
            while (running.get()) {
                String failure = null;
                try {
                    HttpResponse<String> r = node.soap(callbackRequest(), Cluster.USER, Cluster.PASSWORD);
                    // Validating every answer against the schemas would halve the rate: every 50th, and all failures.
                    if (r.statusCode() != 200) {
                        failure = "HTTP " + r.statusCode();
                    } else if (sent.incrementAndGet() % 50 == 0 && token(r) == null) {
                        failure = "no token";
                    } else if (!r.body().contains("ResponseClass=\"Success\"")) {
                        failure = "error response";
                    }
                } catch (Exception e) {
                    failure = e.getClass().getSimpleName();
                }
                outcomes.add(new Outcome(node.name(), Instant.now(), failure == null, failure));
                if (failure != null) sleepQuietly(20); // a dead node refuses at once: do not spin
            }
        }

        Result stop() throws InterruptedException {
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(NodeProcess.CLIENT_PATIENCE.toSeconds() + 30, TimeUnit.SECONDS);
            return new Result(new ArrayList<>(outcomes), (System.nanoTime() - started) / 1e9);
        }

        private static void sleepQuietly(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
