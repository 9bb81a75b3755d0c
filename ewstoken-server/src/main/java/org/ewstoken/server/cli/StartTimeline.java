package org.ewstoken.server.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The milestones of a {@code serve} start, for the cold-start breakdown (docs/benchmarks.md): with
 * {@code EWSTOKEN_START_TIMELINE=1} the server prints one line once it listens, such as
 * {@code start timeline: jvm 180 ms, command line 240 ms, database 90 ms, demo 20 ms, server 380 ms (listening
 * after 910 ms)}. Each figure is the time since the previous milestone; the first, from the process's start (the
 * launcher's {@code exec} of the JVM) to {@code main}.
 */
final class StartTimeline {

    private record Mark(String name, long nanos) {}

    private static final long MAIN = System.nanoTime();
    private static final List<Mark> MARKS = new ArrayList<>();

    private StartTimeline() {}

    /** Starts the clock (the class's initialisation does). */
    static void begin() {}

    /** Records that {@code name} is done now. */
    static synchronized void mark(String name) {
        MARKS.add(new Mark(name, System.nanoTime()));
    }

    /** The line, or null when not asked for. */
    static synchronized String line(java.util.Map<String, String> environment) {
        if (!"1".equals(environment.get("EWSTOKEN_START_TIMELINE"))) return null;
        long jvm = ProcessHandle.current().info().startInstant()
                .map(started -> java.time.Duration.between(started, Instant.now()).toNanos() - (System.nanoTime() - MAIN))
                .orElse(0L);
        StringJoiner parts = new StringJoiner(", ", "start timeline: ", "");
        parts.add("jvm " + Math.max(0, jvm / 1_000_000) + " ms");
        long previous = MAIN;
        for (Mark mark : MARKS) {
            parts.add(mark.name() + " " + (mark.nanos() - previous) / 1_000_000 + " ms");
            previous = mark.nanos();
        }
        return parts + " (listening after " + (Math.max(0, jvm) + previous - MAIN) / 1_000_000 + " ms)";
    }
}
