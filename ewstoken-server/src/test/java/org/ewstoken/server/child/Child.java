package org.ewstoken.server.child;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code ewstoken} command line in a child JVM (this test run's class path), its standard
 * output and error captured in a file: a server to kill -9, or a CLI command to run or to kill mid-write.
 */
public final class Child implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("ewstoken is serving http://[^:]+:(\\d+)/EWS/Exchange\\.asmx");

    /**
     * This test run's class path without other modules' test jars: the store's carries a
     * logback-test.xml, which would replace the server's own logging in the child.
     */
    private static final String CLASS_PATH = childClassPath();

    /** Small, quick-starting JVMs: many of them run at once in these tests. */
    public static final List<String> QUICK_START = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final Path output;

    private Child(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code ewstoken args...}; the environment is this one's less any EWSTOKEN_ variable, plus
     * {@code env}, with cheap Argon2 unless {@code env} says otherwise.
     */
    public static Child start(Path output, Map<String, String> env, String stdin, String... args) throws IOException {
        return start(QUICK_START, output, env, stdin, args);
    }

    /** Starts with these JVM options instead of the quick-start ones (a soak wants the full JIT). */
    public static Child start(List<String> jvmOptions, Path output, Map<String, String> env, String stdin, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", CLASS_PATH, "org.ewstoken.server.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("EWSTOKEN_"));
        pb.environment().put("EWSTOKEN_ARGON2_MEMORY_KIB", "1024");
        pb.environment().put("EWSTOKEN_ARGON2_ITERATIONS", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return new Child(p, output);
    }

    private static String childClassPath() {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("-tests.jar")).toList();
        URL[] urls = entries.stream().map(e -> {
            try {
                return Path.of(e).toUri().toURL();
            } catch (MalformedURLException ex) {
                throw new IllegalStateException(ex);
            }
        }).toArray(URL[]::new);
        try (var loader = new URLClassLoader(urls, null)) {
            for (String file : List.of("logback.xml", "logback-test.xml")) {
                URL url = loader.findResource(file);
                if (url != null) throw new IllegalStateException("the server's own logging would not apply: " + url);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * How long a child may take to start or to finish a command: a JVM start, a key generation and a
     * migration take seconds alone, minutes on a machine that nine builds share. Generous, never a target.
     */
    public static final Duration PATIENCE = Duration.ofMinutes(3);

    /** Runs a CLI command to its end; returns its exit code. */
    public static int run(Path output, Map<String, String> env, String stdin, String... args) throws Exception {
        try (Child c = start(output, env, stdin, args)) {
            if (!c.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) throw new IllegalStateException("ewstoken " + String.join(" ", args) + " hung");
            return c.process.exitValue();
        }
    }

    /** Waits (at most {@link #PATIENCE}) for a {@code serve} child to print its port. */
    public int awaitPort() throws Exception {
        long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
        while (System.currentTimeMillis() < deadline) {
            Matcher m = SERVING.matcher(output());
            if (m.find()) return Integer.parseInt(m.group(1));
            if (!process.isAlive()) throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + output());
            Thread.sleep(50);
        }
        throw new IllegalStateException("server did not start in time:\n" + output());
    }

    public String output() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code of a finished process. */
    public int exitValue() {
        return process.exitValue();
    }

    /** kill -9: no shutdown hook, no flush, no close. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A polite stop (SIGTERM: shutdown hooks run). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
