package org.ewstoken.front;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.config.Setting;

/** A real ewstoken server with the front on, in front of an {@link UpstreamFixture}. */
final class Front {

    private Front() {
    }

    static TestServer start(Path dataDir, UpstreamFixture upstream) throws Exception {
        return start(dataDir, upstream.ewsUrl(), Map.of());
    }

    static TestServer start(Path dataDir, String upstreamUrl, Map<Setting, String> extra) throws Exception {
        Map<Setting, String> s = new HashMap<>();
        s.put(FrontSettings.UPSTREAM_EWS_URL, upstreamUrl);
        s.putAll(extra);
        return TestServer.start(dataDir, s);
    }
}
