package org.ewstoken.server.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.regex.Pattern;
import org.ewstoken.server.child.Child;
import org.ewstoken.testkit.Credentials;

/**
 * One ewstoken node as its own operating-system process ({@code ewstoken serve}, started from the
 * test class path, which holds exactly what the shaded jar holds), on an ephemeral port, with its
 * output in files under the test's directory.
 */
record NodeProcess(String name, Process process, Path stderr, int port) implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("ewstoken is serving ");
    /**
     * How long the tests' client waits for a node: far beyond the store timeout that bounds a node's answer while
     * the database is down, so that on a loaded machine a slow answer is not taken for a failure.
     */
    static final Duration CLIENT_PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Starts {@code ewstoken serve} with this environment (on top of the test's own) and waits until it serves. */
    static NodeProcess start(String name, Map<String, String> env, Path dir) throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve(name));
        Path out = dataDir.resolve("stdout.log");
        Path err = dataDir.resolve("stderr.log");
        int port = freePort(); // the node prints its public URL (the load balancer's), not its port
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "org.ewstoken.server.cli.Main", "serve", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--data-dir", dataDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        pb.environment().put("EWSTOKEN_NODE_NAME", name);
        Process p = pb.start();
        long deadline = System.nanoTime() + Child.PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (SERVING.matcher(Files.readString(out)).find()) return new NodeProcess(name, p, err, port);
            if (!p.isAlive()) break;
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("node " + name + " did not start:\n" + Files.readString(out) + "\n"
                + Files.readString(err));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url(path)).timeout(CLIENT_PATIENCE).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> soap(String envelope, String user, String password) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url("/EWS/Exchange.asmx"))
                .timeout(CLIENT_PATIENCE)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("Authorization", Credentials.basic(user, password))
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** kill -9: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The node's log so far, for assertion messages. */
    String log() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
