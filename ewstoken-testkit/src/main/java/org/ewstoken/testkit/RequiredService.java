package org.ewstoken.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * A service from the machine that tests need: a PostgreSQL, slapd, a KDC, Chromium. Without it a
 * test is skipped (a JUnit assumption, so it counts as skipped), and the console gets ONE line per
 * test class and service saying what is missing and how to get it. With the environment variable
 * {@code CI=true} the test fails instead: CI provides every service, so nothing may skip there.
 *
 * <p>For a whole class, register it; it runs before each test (and before the class's own
 * {@code @BeforeEach}), so every test of the class counts as skipped. A {@code @BeforeAll} that
 * needs the service must check {@link #available()} first, since JUnit runs it anyway:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RequiredService SLAPD = RequiredService.of("slapd",
 *         () -> RequiredService.executable("/usr/sbin/slapd", "apt-get install slapd"));
 * }</pre>
 *
 * <p>Where only some cases need it (a parameterized test, a helper), call
 * {@link #assume(String, String)} at that point.
 */
public final class RequiredService implements BeforeEachCallback {

    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private final String name;
    private final Supplier<String> probe;
    private volatile String problem; // null until probed; "" when available

    private RequiredService(String name, Supplier<String> probe) {
        this.name = name;
        this.probe = probe;
    }

    /**
     * @param name  what the tests need, as a person calls it ("PostgreSQL", "slapd")
     * @param probe checks the machine once: null when the service is there, otherwise why not and
     *              how to get it (one sentence, no trailing period needed)
     */
    public static RequiredService of(String name, Supplier<String> probe) {
        return new RequiredService(name, probe);
    }

    /** Whether the service is there (probed once); false also in CI, where the tests then fail. */
    public boolean available() {
        return problem().isEmpty();
    }

    /** Skips the test (fails it in CI) unless the service is there. */
    public void assume() {
        String why = problem();
        if (!why.isEmpty()) {
            skip(name, why, callingTestClass());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String why = problem();
        if (!why.isEmpty()) {
            skip(name, why, topLevel(context.getRequiredTestClass()).getSimpleName());
        }
    }

    /**
     * Skips the calling test (fails it in CI) when {@code problem} is not null: for code that
     * found out itself that a service is missing. The test class is taken from the call stack.
     */
    public static void assume(String service, String problem) {
        if (problem != null) {
            skip(service, problem, callingTestClass());
        }
    }

    /** A probe result for a program: null when {@code path} is executable, else how to install it. */
    public static String executable(String path, String install) {
        return Files.isExecutable(Path.of(path)) ? null : path + " is missing (" + install + ")";
    }

    /** Whether this run is CI's, where nothing may skip. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private String problem() {
        String p = problem;
        if (p == null) {
            String found = probe.get();
            problem = p = found == null ? "" : found;
        }
        return p;
    }

    private static void skip(String service, String why, String testClass) {
        String message = service + " is not available: " + why;
        if (inCi()) {
            throw new IllegalStateException("CI must run " + testClass + ", but " + message);
        }
        if (REPORTED.add(service + '\n' + testClass)) {
            // Surefire shows a test's standard output on the console, under the class's "Running" line.
            System.out.println("[SKIPPED] " + testClass + ": " + message);
            System.out.flush();
        }
        throw new TestAbortedException(message);
    }

    /** The outermost class on the stack that is neither the JDK's nor a test framework's: the test. */
    private static String callingTestClass() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> !framework(c.getName()))
                        .reduce((inner, outer) -> outer))
                .map(c -> topLevel(c).getSimpleName())
                .orElse("a test");
    }

    private static boolean framework(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("org.junit.") || className.startsWith("org.apache.maven.")
                || className.startsWith("org.assertj.") || className.equals(RequiredService.class.getName());
    }

    private static Class<?> topLevel(Class<?> c) {
        while (c.getEnclosingClass() != null) {
            c = c.getEnclosingClass();
        }
        return c;
    }
}
