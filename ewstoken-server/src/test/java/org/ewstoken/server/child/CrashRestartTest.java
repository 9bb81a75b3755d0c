package org.ewstoken.server.child;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.Installation;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.hostile.RawHttp;
import org.ewstoken.store.SqliteStore;
import org.ewstoken.store.Store;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9, for real and repeatedly: a server in a child JVM under token load, CLI writers in other
 * child JVMs (users, add-ins, key rotations), everything killed at a random moment mid-flight. After
 * each restart the database passes SQLite's integrity check, every change whose command had exited 0
 * is there, the metadata document still publishes every key it published before, and every identity
 * token issued before the crash still verifies against it.
 *
 * <p>{@code -Dewstoken.crash.cycles=N} (default 2; 20 with {@code -Psoak}) and {@code -Dewstoken.crash.seed=N} for more or other runs.
 */
@Tag("crash")
@Timeout(1800)
class CrashRestartTest {

    static final int CYCLES = Integer.getInteger("ewstoken.crash.cycles", 2);
    static final long SEED = Long.getLong("ewstoken.crash.seed", 7L);
    static final String LOAD_USER = "load@contoso.com";
    static final String PASSWORD = "crash-test-password";
    static final String ADD_IN = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Fast key pick-up, so rotations made mid-run sign tokens before the next crash. */
    static final Map<String, String> ENV = Map.of("EWSTOKEN_KEY_REFRESH_INTERVAL", "1s",
            "EWSTOKEN_KEY_PRE_PUBLICATION", "1s", "EWSTOKEN_USER_BURST", "1000000",
            "EWSTOKEN_USER_RECHARGE_PER_MINUTE", "1000000");

    @TempDir Path dir;

    /** A CLI write and what must be in the store once it has exited 0. */
    private record Write(String kind, String subject, Child process) {}

    @Test
    void killedAtRandomMomentsItNeverCorruptsOrLosesACommittedChangeAndOldTokensStillVerify() throws Exception {
        Random random = new Random(SEED);
        Path data = dir.resolve("data");
        String d = data.toString();
        Path out = dir.resolve("children.log");
        assertThat(Child.run(out, ENV, PASSWORD + "\n", "users", "add", LOAD_USER, "--password-stdin", "--data-dir", d)).isZero();
        assertThat(Child.run(out, ENV, null, "apps", "add", "--id", ADD_IN, "--name", "Load", "--permission", "ReadItem",
                "--audience", "https://load.example/x.html", "--data-dir", d)).isZero();

        Set<String> committedUsers = new java.util.HashSet<>();
        Set<String> committedAddIns = new java.util.HashSet<>();
        int committedRotations = 0;
        int killedWriters = 0;
        List<String> tokens = new CopyOnWriteArrayList<>();
        Child server = Child.start(dir.resolve("server.log"), ENV, null, "serve", "--data-dir", d, "--port", "0");
        int port = server.awaitPort();
        Map<String, X509Certificate> published = metadata(port);

        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            AtomicBoolean loading = new AtomicBoolean(true);
            int loadPort = port;
            Thread load = new Thread(() -> issueUntilStopped(loadPort, loading, tokens), "load");
            load.start();

            // Writers keep starting (at most two at a time) until the kill, which comes at a random moment
            // after the first one has committed: so each cycle has committed changes and writers cut off mid-way.
            List<Write> writes = new ArrayList<>();
            long giveUpAt = System.nanoTime() + 60_000_000_000L;
            long killAt = Long.MAX_VALUE;
            for (int w = 0; System.nanoTime() - killAt < 0 && System.nanoTime() - giveUpAt < 0; w++) {
                if (writes.stream().filter(x -> x.process().isAlive()).count() < 2) writes.add(write(random, cycle, w, out, d));
                Thread.sleep(100 + random.nextInt(200));
                if (killAt == Long.MAX_VALUE && writes.stream().anyMatch(x -> !x.process().isAlive())) {
                    killAt = System.nanoTime() + random.nextInt(2500) * 1_000_000L;
                }
            }

            // Which commands have finished, successfully, before the kill: those changes are committed.
            for (Write w : writes) {
                boolean done = !w.process().isAlive() && w.process().exitValue() == 0;
                if (!done) {
                    killedWriters++;
                    continue;
                }
                switch (w.kind()) {
                    case "user" -> committedUsers.add(w.subject());
                    case "add-in" -> committedAddIns.add(w.subject());
                    default -> committedRotations++;
                }
            }
            Map<String, X509Certificate> before = metadata(port);
            server.kill();
            for (Write w : writes) w.process().kill();
            loading.set(false);
            load.join();

            server = Child.start(dir.resolve("server-" + cycle + ".log"), ENV, null, "serve", "--data-dir", d, "--port", "0");
            port = server.awaitPort();

            assertThat(integrityCheck(data)).as("cycle %d: PRAGMA integrity_check", cycle).isEqualTo("ok");
            Map<String, X509Certificate> after = metadata(port);
            assertThat(after.keySet()).as("cycle %d: every key published before the crash still is", cycle)
                    .containsAll(before.keySet());
            published.putAll(after);
            for (String token : tokens) {
                assertThat(verifies(token, after)).as("cycle %d: a token issued before the crash verifies", cycle).isTrue();
            }
        }
        server.stop();

        try (Store store = SqliteStore.open(data.resolve(Installation.DATABASE_FILE))) {
            for (String u : committedUsers) assertThat(store.findUser(u)).as("committed user %s", u).isPresent();
            for (String a : committedAddIns) assertThat(store.findAddIn(a)).as("committed add-in %s", a).isPresent();
            assertThat(store.listKeys().size()).as("keys: the first, plus every committed rotation")
                    .isGreaterThanOrEqualTo(1 + committedRotations);
        }
        assertThat(tokens).as("identity tokens issued under load").isNotEmpty();
        System.out.printf("crash: %d kill -9 cycles survived (seed %d): %d users, %d add-ins, %d rotations committed,"
                        + " %d writers killed mid-flight, %d pre-crash tokens verified after restarts%n", CYCLES, SEED,
                committedUsers.size(), committedAddIns.size(), committedRotations, killedWriters, tokens.size());
    }

    private static Write write(Random random, int cycle, int w, Path out, String d) throws Exception {
        switch (random.nextInt(3)) {
            case 0 -> {
                String smtp = "u" + cycle + "-" + w + "@contoso.com";
                return new Write("user", smtp, Child.start(out, ENV, PASSWORD + "\n", "users", "add", smtp,
                        "--password-stdin", "--data-dir", d));
            }
            case 1 -> {
                String id = UUID.randomUUID().toString();
                return new Write("add-in", id, Child.start(out, ENV, null, "apps", "add", "--id", id, "--name",
                        "App " + cycle, "--permission", "ReadItem", "--audience", "https://a.example/" + id, "--data-dir", d));
            }
            default -> {
                return new Write("rotation", null, Child.start(out, ENV, null, "keys", "rotate", "--data-dir", d));
            }
        }
    }

    /** Issues every token type in a loop; keeps the identity tokens the server answered with. */
    private static void issueUntilStopped(int port, AtomicBoolean running, List<String> tokens) {
        byte[] request = RawHttp.post("/EWS/Exchange.asmx", Envelopes.getClientAccessToken("Exchange2013",
                        Envelopes.tokenRequest(ADD_IN, "CallerIdentity"), Envelopes.tokenRequest(ADD_IN, "ExtensionCallback"))
                .getBytes(StandardCharsets.UTF_8), RawHttp.basic(LOAD_USER, PASSWORD), "Content-Type: text/xml");
        while (running.get()) {
            try {
                RawHttp.Response r = RawHttp.exchange(port, request);
                if (r.status() != 200) throw new AssertionError("unexpected answer under load: " + r);
                for (SoapResponses.Message m : SoapResponses.messages(r.text())) {
                    if (m.tokenType().equals("CallerIdentity")) tokens.add(m.tokenValue());
                }
                Thread.sleep(25); // load, but leave the CPU to the writers too
            } catch (InterruptedException e) {
                return;
            } catch (java.io.IOException killed) {
                return; // the server is gone: this cycle's load ends
            }
        }
    }

    private static Map<String, X509Certificate> metadata(int port) throws Exception {
        RawHttp.Response r = RawHttp.exchange(port, "GET /autodiscover/metadata/json/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(r.status()).isEqualTo(200);
        Map<String, X509Certificate> keys = new HashMap<>();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (JsonNode k : JSON.readTree(r.body()).get("keys")) {
            byte[] der = Base64.getDecoder().decode(k.get("keyvalue").get("value").asText());
            keys.put(k.get("keyinfo").get("x5t").asText(), (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
        }
        return keys;
    }

    private static boolean verifies(String jwt, Map<String, X509Certificate> keys) throws Exception {
        String[] parts = jwt.split("\\.");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        X509Certificate cert = keys.get(header.get("x5t").asText());
        if (cert == null) return false;
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(cert.getPublicKey());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static String integrityCheck(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Installation.DATABASE_FILE));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
