package org.ewstoken.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The milestones of a {@code serve} start, for the cold-start breakdown (docs/benchmarks.md): with
 * {@code EWSTOKEN_START_TIMELINE=1} the server prints one line once it listens, such as
 * {@code start timeline: jvm 180 ms, command line 240 ms, database 90 ms, demo 20 ms, server 380 ms (listening
 * after 910 ms, cpu 1400 ms); main thread cpu: to main 90, command line 150, ...}. Each figure is the time since the
 * previous milestone; the first, from the process's start (the launcher's {@code exec} of the JVM) to {@code main};
 * then the CPU the process has used so far; then the main thread's own CPU in each step, in milliseconds.
 */
final class StartTimeline {

    private record Mark(String name, long nanos, long cpuNanos) {}

    private static final long MAIN = System.nanoTime();
    private static final long MAIN_CPU = threadCpuNanos();
    private static final long MAIN_MILLIS = System.currentTimeMillis();
    private static final List<Mark> MARKS = new ArrayList<>();

    private StartTimeline() {}

    /** Starts the clock (the class's initialisation does). */
    static void begin() {}

    /** Records that {@code name} is done now. */
    static synchronized void mark(String name) {
        MARKS.add(new Mark(name, System.nanoTime(), threadCpuNanos()));
    }

    /**
     * The calling thread's CPU time so far (Linux's scheduler statistics, to the nanosecond; -1 elsewhere). Read from
     * {@code /proc} rather than through {@code ThreadMXBean}: the management classes would add their own loading to
     * what is measured. Wall time moves with the machine's load; the main thread's CPU much less.
     */
    private static long threadCpuNanos() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/schedstat"));
            return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Milliseconds from the launcher's start (it exports the time) to {@code main}; without the launcher, from the
     * process's start as the kernel has it (which the JDK rounds to the boot time's second: rough).
     */
    private static long launched(java.util.Map<String, String> environment) {
        String at = environment.get("EWSTOKEN_LAUNCHED_AT_MS");
        if (at != null && at.matches("\\d{1,15}")) return MAIN_MILLIS - Long.parseLong(at);
        return ProcessHandle.current().info().startInstant().map(s -> MAIN_MILLIS - s.toEpochMilli()).orElse(0L);
    }

    /** The line, or null when not asked for. */
    static synchronized String line(java.util.Map<String, String> environment) {
        if (!"1".equals(environment.get("EWSTOKEN_START_TIMELINE"))) return null;
        long jvm = launched(environment) * 1_000_000;
        StringJoiner parts = new StringJoiner(", ", "start timeline: ", "");
        parts.add("jvm " + Math.max(0, jvm / 1_000_000) + " ms");
        long previous = MAIN;
        for (Mark mark : MARKS) {
            parts.add(mark.name() + " " + (mark.nanos() - previous) / 1_000_000 + " ms");
            previous = mark.nanos();
        }
        // The process's CPU so far, all threads: on a machine of few cores it, more than any one step, sets the time.
        String cpu = ProcessHandle.current().info().totalCpuDuration()
                .map(d -> ", cpu " + d.toMillis() + " ms").orElse("");
        StringJoiner mainCpu = new StringJoiner(", ", "; main thread cpu: ", "");
        mainCpu.add("to main " + MAIN_CPU / 1_000_000);
        long previousCpu = MAIN_CPU;
        for (Mark mark : MARKS) {
            mainCpu.add(mark.name() + " " + (mark.cpuNanos() - previousCpu) / 1_000_000);
            previousCpu = mark.cpuNanos();
        }
        return parts + " (listening after " + (Math.max(0, jvm) + previous - MAIN) / 1_000_000 + " ms" + cpu + ")"
                + (MAIN_CPU < 0 ? "" : mainCpu.toString());
    }
}
