package org.ewstoken.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something expensive a whole test class shares, such as a running server: opened once in a fresh
 * directory before the class's first test, closed after its last, the directory then removed.
 *
 * <p>Register a subclass as a static field; JUnit opens it before the class's own {@code @BeforeAll}
 * methods run, so those can already use it (to add users, say):
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer server = TestServer.perClass();
 * }</pre>
 *
 * <p>The generic part lives here and the server-specific one beside the server's tests, because
 * this module cannot depend on the server whose tests depend on it.
 */
public abstract class ClassFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private Path dir;

    /** Starts the resource in {@code dir}, which is fresh and empty. */
    protected abstract void open(Path dir) throws Exception;

    @Override
    public abstract void close();

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("ewstoken-" + context.getRequiredTestClass().getSimpleName());
        open(dir);
    }

    @Override
    public final void afterAll(ExtensionContext context) throws IOException {
        try {
            close();
        } finally {
            deleteTree(dir);
        }
    }

    /** Removes {@code root} and everything below it; nothing if it is null or gone (for per-test fixtures too). */
    public static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
