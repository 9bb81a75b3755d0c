package org.ewstoken.server.http;

import org.ewstoken.server.config.HardeningSettings;
import org.ewstoken.server.config.ConsoleSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.hostile.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** A request path with more than one reading is refused with 400 before routing, on every listener. */
class RequestTargetTest {

    /** Each has another reading somewhere: IIS, Windows, a servlet container, a second decoder. */
    static final List<String> AMBIGUOUS = List.of(
            "/EWS;/../ecp/x", "/autodiscover;x/../owa/", "/mapi;/../powershell/", "/EWS/Exchange.asmx;jsessionid=1",
            "/EWS/%3b/x", "/EWS/%3B../ecp", "/EWS/../ecp/", "/EWS/./Exchange.asmx", "/..", "/.", "/EWS/..",
            "/EWS/%2e%2e/ecp", "/EWS/%2E%2e/ecp", "/EWS/.%2e/ecp", "/EWS/%2e/x", "/EWS/a%2fb", "/EWS/a%2F..%2Fecp",
            "/EWS/a%5cb", "/EWS/..%5Cecp", "/EWS/%00", "/EWS/Exchange.asmx%00.js", "/EWS/%0d%0aX-Injected:%201",
            "/EWS/%7f", "/EWS//x", "//EWS/Exchange.asmx", "/EWS/%252e%252e/ecp", "/EWS/%25", "/EWS/%c0%ae%c0%ae/ecp",
            "/EWS/%e2%80", "/EWS/%zz", "/EWS/%2", "/EWS/%uff0e%uff0e/ecp", "/EWS/%ef%bc%8e%ef%bc%8e/ecp",
            "/EWS/%ef%bc%8fecp", "/EWS/..%20/ecp", "/EWS/.../x", "/EWS/.%20./x", "/EWS/%20/x", "/mapi/%c2%85x");

    static final List<String> PLAIN = List.of("/EWS/Exchange.asmx", "/ews/exchange.asmx", "/", "/EWS/",
            "/autodiscover/metadata/json/1", "/EWS/a.b/", "/EWS/..a/", "/EWS/a../", "/EWS/%41/", "/mapi/emsmdb/",
            "/autodiscover/autodiscover.json/v1.0/alice%40contoso.com", "/OAB/5c0a/oab.xml", "/EWS/b%C3%BCcher", "*");

    @TempDir Path dir;

    @ParameterizedTest
    @FieldSource("AMBIGUOUS")
    void aPathWithMoreThanOneReadingHasAProblem(String path) {
        assertThat(RequestTarget.problem(path)).as(path).isNotNull();
    }

    @ParameterizedTest
    @FieldSource("PLAIN")
    void aPathWithOneReadingHasNone(String path) {
        assertThat(RequestTarget.problem(path)).as(path).isNull();
    }

    @Test
    void everyListenerRefusesAmbiguousTargetsBeforeRoutingAndServesPlainOnes() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of(HardeningSettings.OPS_PORT, "0", ConsoleSettings.CONSOLE_ENABLED, "true",
                ConsoleSettings.ADMIN_PORT, "0"))) {
            int main = server.server().port();
            int ops = server.server().opsPort();
            int admin = server.server().consoleUrl().getPort();
            assertThat(List.of(main, ops, admin)).doesNotHaveDuplicates().allMatch(p -> p > 0);
            for (int port : List.of(main, ops, admin)) {
                for (String path : AMBIGUOUS) {
                    for (String method : List.of("GET", "POST")) {
                        RawHttp.Response r = RawHttp.exchange(port, RawHttp.request(method, path,
                                "<x/>".getBytes(StandardCharsets.UTF_8), "Content-Type: text/xml"));
                        assertThat(r.status()).as(method + " " + path + " on port " + port).isEqualTo(400);
                        assertThat(r.text()).as(path).startsWith("400 Bad Request").doesNotContain("Exception")
                                .doesNotContain("jetty");
                        if (path.length() > 6) assertThat(r.text()).as("the path is not echoed").doesNotContain(path.substring(1));
                    }
                }
                String plain = port == admin ? "/console/login" : "/healthz"; // the admin listener serves the console only
                assertThat(RawHttp.exchange(port, RawHttp.request("GET", plain, new byte[0])).status())
                        .as(plain + " on " + port).isEqualTo(200);
                assertThat(RawHttp.exchange(port, RawHttp.request("GET", plain + "#frag", new byte[0])).status())
                        .as("a fragment on " + port).isEqualTo(400);
            }
            assertThat(RawHttp.exchange(main, RawHttp.request("GET", "/autodiscover/metadata/json/1", new byte[0])).status())
                    .isEqualTo(200);
            assertThat(RawHttp.exchange(admin, RawHttp.request("GET", "/console/login", new byte[0])).status()).isEqualTo(200);
            assertThat(RawHttp.exchange(admin, RawHttp.request("GET", "/console;x/login", new byte[0])).status()).isEqualTo(400);
        }
    }

    @Test
    void aPrefixRouteMatchesOnSegmentBoundariesOnly() {
        Route mapi = Route.prefix("/mapi", "upstream", (q, s, c) -> true);
        Route sync = Route.prefix("/microsoft-server-activesync", "upstream", (q, s, c) -> true);
        Route ews = Route.prefix("/ews/", "upstream", (q, s, c) -> true);
        assertThat(mapi.matches("/mapi")).isTrue();
        assertThat(mapi.matches("/mapi/emsmdb")).isTrue();
        assertThat(mapi.matches("/mapix")).isFalse();
        assertThat(mapi.matches("/mapi.old/x")).isFalse();
        assertThat(sync.matches("/microsoft-server-activesync")).isTrue();
        assertThat(sync.matches("/microsoft-server-activesync/default.eas")).isTrue();
        assertThat(sync.matches("/microsoft-server-activesyncx")).isFalse();
        assertThat(sync.matches("/microsoft-server-activesync-admin/")).isFalse();
        assertThat(ews.matches("/ews/x")).isTrue();
        assertThat(ews.matches("/ewsx/")).isFalse();
    }
}
