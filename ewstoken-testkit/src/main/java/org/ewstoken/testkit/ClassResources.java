package org.ewstoken.testkit;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test class opens in its {@code @BeforeAll} (servers, directories, a browser), in a fresh
 * directory, all closed after the class's last test, newest first and each whatever the others
 * threw; the directory is then removed. It replaces an {@code @AfterAll} with a null check per field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClassResources opened = new ClassResources();
 *
 * @BeforeAll
 * static void start() throws Exception {
 *     upstream = opened.add(new UpstreamFixture());
 *     driver = HeadlessChromium.start(opened.dir().resolve("chromium-profile"));
 *     opened.add(driver::quit);
 * }
 * }</pre>
 */
public final class ClassResources extends ClassFixture {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private Path dir;

    @Override
    protected void open(Path dir) {
        this.dir = dir;
    }

    /** The class's own directory, fresh before its first test. */
    public Path dir() {
        return dir;
    }

    /** Closes {@code resource} after the class's last test; returns it. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) failure = new IllegalStateException("closing a test resource failed", e);
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }
}
