package org.ewstoken.front;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ewstoken.server.TestServer;
import org.ewstoken.testkit.ClassFixture;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link UpstreamFixture} and a front in front of it for every test, for classes whose tests
 * each need their own (what the upstream received, sign-in state). Register it as an instance field
 * with {@code @RegisterExtension}: both run before the class's {@code @BeforeEach} methods and are
 * closed after each test, their directory removed.
 */
final class FrontPerTest implements BeforeEachCallback, AfterEachCallback {

    private final boolean serviceAccount;
    private Path dir;
    private UpstreamFixture upstream;
    private TestServer front;

    private FrontPerTest(boolean serviceAccount) {
        this.serviceAccount = serviceAccount;
    }

    /** A front with no upstream service account: callback tokens are refused. */
    static FrontPerTest withoutServiceAccount() {
        return new FrontPerTest(false);
    }

    /** A front that acts at the upstream as {@link Front#SERVICE}. */
    static FrontPerTest withServiceAccount() {
        return new FrontPerTest(true);
    }

    UpstreamFixture upstream() {
        return upstream;
    }

    TestServer front() {
        return front;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("ewstoken-" + context.getRequiredTestClass().getSimpleName());
        upstream = new UpstreamFixture();
        front = serviceAccount ? Front.withServiceAccount(dir, upstream) : Front.start(dir.resolve("data"), upstream);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try (UpstreamFixture u = upstream; TestServer f = front) {
            // closes the front, then the upstream
        } finally {
            ClassFixture.deleteTree(dir);
        }
    }
}
