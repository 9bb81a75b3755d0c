package org.ewstoken.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.config.Setting;
import org.ewstoken.server.http.OpsListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /readyz and /metrics show key ids and traffic: with ops-port they are served there only; without it,
 * on the main listener only while that is bound to a loopback address. /healthz is everywhere.
 */
class OpsListenerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;

    private static int get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void withAnOperatorListenerTheOperatorEndpointsLeaveTheMainOne() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of(Setting.OPS_PORT, "0"))) {
            int main = server.server().port();
            int ops = server.server().opsPort();
            assertThat(ops).isPositive().isNotEqualTo(main);
            assertThat(get(ops, "/metrics")).isEqualTo(200);
            assertThat(get(ops, "/readyz")).isEqualTo(200);
            assertThat(get(ops, "/healthz")).isEqualTo(200);
            assertThat(get(ops, "/EWS/Exchange.asmx")).as("nothing else on the operator listener").isEqualTo(404);
            assertThat(get(main, "/metrics")).isEqualTo(404);
            assertThat(get(main, "/readyz")).isEqualTo(404);
            assertThat(get(main, "/healthz")).isEqualTo(200);
            String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).as("the operator listener's requests are measured too")
                    .contains("ewstoken_http_requests_total{code=\"200\",operation=\"readyz\"} 1.0")
                    .contains("ewstoken_http_requests_total{code=\"404\",operation=\"other\"}");
        }
    }

    @Test
    void withoutOneTheyStayOnTheMainListenerOnlyWhileItIsLoopback() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            assertThat(server.server().opsPort()).isEqualTo(-1);
            assertThat(get(server.server().port(), "/metrics")).isEqualTo(200);
        }
        assertThat(OpsListener.onMainListener(ServerConfig.defaults(Map.of(Setting.BIND, "127.0.0.1")))).isTrue();
        assertThat(OpsListener.onMainListener(ServerConfig.defaults(Map.of(Setting.BIND, "::1")))).isTrue();
        assertThat(OpsListener.onMainListener(ServerConfig.defaults(Map.of(Setting.BIND, "localhost")))).isTrue();
        assertThat(OpsListener.onMainListener(ServerConfig.defaults(Map.of(Setting.BIND, "0.0.0.0")))).isFalse();
        assertThat(OpsListener.onMainListener(ServerConfig.defaults(Map.of(Setting.BIND, "::")))).isFalse();
        assertThat(OpsListener.onMainListener(ServerConfig.defaults(Map.of(Setting.BIND, "192.0.2.10")))).isFalse();
        assertThat(OpsListener.onMainListener(ServerConfig.defaults(Map.of(Setting.BIND, "127.0.0.1",
                Setting.OPS_PORT, "9100")))).isFalse();
    }
}
