package org.ewstoken.front;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.config.Setting;

/** A real ewstoken server with the front on, in front of an {@link UpstreamFixture}. */
final class Front {

    /** The upstream service account most front tests sign in to the upstream as. */
    static final String SERVICE = "svc-ewstoken@contoso.com";
    static final String SERVICE_PASSWORD = "service secret 0451";

    private Front() {
    }

    static TestServer start(Path dataDir, UpstreamFixture upstream) throws Exception {
        return start(dataDir, upstream.ewsUrl(), Map.of());
    }

    /** A front that signs in to {@code upstream} as {@link #SERVICE}; its data and the password file under {@code dir}. */
    static TestServer withServiceAccount(Path dir, UpstreamFixture upstream) throws Exception {
        return withServiceAccount(dir, upstream, SERVICE, SERVICE_PASSWORD);
    }

    /** A front that signs in to {@code upstream} as {@code user}; its data and the password file under {@code dir}. */
    static TestServer withServiceAccount(Path dir, UpstreamFixture upstream, String user, String password)
            throws Exception {
        return start(dir.resolve("data"), upstream.ewsUrl(), serviceAccount(dir, user, password));
    }

    /** The settings naming the upstream service account, its password written to a file in {@code dir}. */
    static Map<Setting, String> serviceAccount(Path dir, String user, String password) throws IOException {
        Path file = Files.writeString(dir.resolve("upstream.pw"), password + "\n");
        return Map.of(FrontSettings.UPSTREAM_USER, user, FrontSettings.UPSTREAM_PASSWORD_FILE, file.toString());
    }

    /** A loopback port nothing listens on (bound and freed again), so connecting to it is refused. */
    static int refusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An upstream EWS URL on {@link #refusedPort()}: an upstream that is down. */
    static String downUpstreamUrl() throws IOException {
        return "http://127.0.0.1:" + refusedPort() + "/EWS/Exchange.asmx";
    }

    static TestServer start(Path dataDir, String upstreamUrl, Map<Setting, String> extra) throws Exception {
        Map<Setting, String> s = new HashMap<>();
        s.put(FrontSettings.UPSTREAM_EWS_URL, upstreamUrl);
        s.putAll(extra);
        return TestServer.start(dataDir, s);
    }
}
