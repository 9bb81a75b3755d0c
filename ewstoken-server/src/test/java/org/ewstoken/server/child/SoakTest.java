package org.ewstoken.server.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.hostile.HostileCase;
import org.ewstoken.server.hostile.HostileCases;
import org.ewstoken.server.hostile.RawHttp;
import org.ewstoken.testkit.Credentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: a server in its own JVM, many concurrent clients mixing good requests (every
 * token type), error requests (unknown add-ins, schema violations, wrong passwords) and the hostile
 * catalogue, for a fixed number of requests or seconds, whichever ends first. Every answer must be
 * the expected one, and the server's heap (after GC), RSS, threads and file descriptors must be as
 * flat at the end as after warm-up.
 *
 * <p>Not in the default build: {@code mvn -pl ewstoken-server verify -Psoak}; size with
 * {@code -Dewstoken.soak.requests=N -Dewstoken.soak.seconds=N -Dewstoken.soak.clients=N}.
 */
@Tag("soak")
@Timeout(900)
class SoakTest {

    static final int REQUESTS = Integer.getInteger("ewstoken.soak.requests", 200_000);
    static final int SECONDS = Integer.getInteger("ewstoken.soak.seconds", 90);
    static final int CLIENTS = Integer.getInteger("ewstoken.soak.clients", 48);
    static final int USERS = 20;
    static final String PASSWORD = "soak-test-password";
    static final String ADD_IN = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    @TempDir Path dir;

    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());

    /** What /proc and jcmd tell about the server process at one moment. */
    record Sample(long heapUsedKb, long rssKb, int threads, int fds) {
        @Override
        public String toString() {
            return String.format("heap after GC %d KiB, RSS %d KiB, %d threads, %d fds", heapUsedKb, rssKb, threads, fds);
        }
    }

    @Test
    void mixedTrafficAtHighConcurrencyGetsOnlyExpectedAnswersAndNothingGrows() throws Exception {
        Path data = dir.resolve("data");
        String d = data.toString();
        Path out = dir.resolve("children.log");
        for (int u = 0; u <= USERS; u++) { // user(USERS) sends the hostile catalogue
            int code = Child.run(out, Map.of(), PASSWORD + "\n", "users", "add", user(u), "--password-stdin", "--data-dir", d);
            assertThat(code).as("users add: %s", Files.readString(out)).isZero();
        }
        int code = Child.run(out, Map.of(), null, "apps", "add", "--id", ADD_IN, "--name", "Soak", "--permission",
                "ReadWriteItem", "--audience", "https://soak.example/x.html", "--scope", "Mail.Read", "--data-dir", d);
        assertThat(code).as("apps add: %s", Files.readString(out)).isZero();
        // Budgets far above what the clients can spend: throttling has its own tests; here every answer is exact.
        Map<String, String> env = Map.of("EWSTOKEN_USER_BURST", "100000000", "EWSTOKEN_USER_RECHARGE_PER_MINUTE", "100000000",
                "EWSTOKEN_USER_MAX_CONCURRENCY", "1000");
        try (Child server = Child.start(List.of("-Xmx512m"), dir.resolve("server.log"), env, null, "serve",
                "--data-dir", d, "--port", "0")) {
            int port = server.awaitPort();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            // The catalogue's own wrong-password case would lock its user's requests from this address (by
            // design: a pair is throttled by its own failures); wrong passwords come from the error traffic instead.
            List<HostileCase> hostile = new HostileCases(user(USERS), PASSWORD, ADD_IN, URI.create("http://127.0.0.1:9"),
                    dir.resolve("nothing").toUri()).all().stream().filter(c -> !c.name().equals("wrong password")).toList();

            int warmUp = Math.min(REQUESTS / 10, 5_000);
            run(http, port, hostile, warmUp, 60, 1);
            Sample before = sample(server);
            long started = System.nanoTime();
            int sent = run(http, port, hostile, REQUESTS, SECONDS, 2);
            double seconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(2000); // let closed connections and finished requests settle
            Sample after = sample(server);

            String report = String.format("soak: %d requests in %.1f s (%.0f/s) from %d clients, %d unexpected%n"
                            + "  outcomes %s%n  after warm-up: %s%n  at the end:    %s%n", sent, seconds, sent / seconds,
                    CLIENTS, unexpected.size(), new TreeMap<>(outcomes), before, after);
            System.out.print(report);
            Files.writeString(Path.of("target", "soak-report.txt"), report);

            assertThat(unexpected).as("unexpected answers").isEmpty();
            assertThat(after.heapUsedKb()).as("heap after GC").isLessThan(before.heapUsedKb() * 3 / 2 + 16 * 1024);
            assertThat(after.rssKb()).as("RSS").isLessThan(before.rssKb() * 5 / 4 + 64 * 1024);
            assertThat(after.threads()).as("threads").isLessThanOrEqualTo(before.threads() + 16);
            assertThat(after.fds()).as("file descriptors").isLessThanOrEqualTo(before.fds() + 16);
            server.stop();
        }
    }

    /** Sends up to {@code count} requests for up to {@code seconds}; returns how many were sent. */
    private int run(HttpClient http, int port, List<HostileCase> hostile, int count, int seconds, long seed) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(seed * 1000 + c);
            clients.add(pool.submit(() -> {
                while (next.getAndIncrement() < count && System.nanoTime() - deadline < 0) {
                    one(http, port, hostile, random);
                }
                return null;
            }));
        }
        for (Future<?> f : clients) f.get();
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        return Math.min(next.get(), count);
    }

    private void one(HttpClient http, int port, List<HostileCase> hostile, Random random) {
        int dice = random.nextInt(100);
        String kind = dice < 70 ? "good" : dice < 85 ? "error" : "hostile";
        try {
            if (kind.equals("hostile")) {
                HostileCase c = hostile.get(random.nextInt(hostile.size()));
                RawHttp.Response r = RawHttp.exchange(port, c.request());
                HostileCase.checkCommon(r);
                if (!(r.status() == 429 && c.name().matches("unknown user|SQL.*"))) c.expect().check(r);
                count("hostile " + r.status());
                return;
            }
            String user = user(random.nextInt(USERS));
            String password = PASSWORD;
            String envelope;
            int errorKind = random.nextInt(3);
            if (kind.equals("good")) {
                envelope = Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(ADD_IN, "CallerIdentity"),
                        Envelopes.tokenRequest(ADD_IN, "ExtensionCallback"), Envelopes.scopedRequest(ADD_IN, "Mail.Read"));
            } else if (errorKind == 0) {
                envelope = Envelopes.getClientAccessToken("Exchange2013",
                        Envelopes.tokenRequest("00000000-0000-0000-0000-00000000000" + random.nextInt(10), "CallerIdentity"));
            } else if (errorKind == 1) {
                envelope = Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(ADD_IN, "NoSuchType"));
            } else {
                envelope = Envelopes.documented();
                user = "intruder" + random.nextInt(50) + "@contoso.com"; // guessing at accounts the good traffic does not use
                password = "wrong-" + random.nextInt(1000);
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/EWS/Exchange.asmx"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=utf-8")
                    .header("Authorization", Credentials.basic(user, password))
                    .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
            if (kind.equals("good")) {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(SoapResponses.messages(r.body())).extracting(SoapResponses.Message::responseCode)
                        .containsOnly("NoError").hasSize(3);
            } else if (errorKind == 0) {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(SoapResponses.messages(r.body())).extracting(SoapResponses.Message::responseCode)
                        .containsExactly("ErrorExtensionNotFound");
            } else if (errorKind == 1) {
                assertThat(r.statusCode()).isEqualTo(500);
                assertThat(SoapResponses.fault(r.body()).responseCode()).isEqualTo("ErrorSchemaValidation");
            } else {
                assertThat(r.statusCode()).isIn(401, 429);
            }
            count(kind + " " + r.statusCode());
        } catch (AssertionError | IOException | InterruptedException | RuntimeException e) {
            count("UNEXPECTED");
            if (unexpected.size() < 20) unexpected.add(kind + ": " + e);
        }
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    private static String user(int u) {
        return "soak" + u + "@contoso.com";
    }

    /** Heap used after a full GC (jcmd), resident set size, threads and descriptors (/proc). */
    private static Sample sample(Child server) throws Exception {
        long pid = server.pid();
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        long used = 0;
        Matcher m = Pattern.compile("used (\\d+)K").matcher(heap);
        while (m.find()) used += Long.parseLong(m.group(1));
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long rss = Long.parseLong(field(status, "VmRSS").replace("kB", "").trim());
        int threads = Integer.parseInt(field(status, "Threads").trim());
        int fds;
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = (int) s.count();
        }
        return new Sample(used, rss, threads, fds);
    }

    private static String field(String status, String name) {
        for (String line : status.split("\n")) if (line.startsWith(name + ":")) return line.substring(name.length() + 1);
        throw new IllegalStateException(name + " missing from /proc status");
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
