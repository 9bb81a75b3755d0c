package org.ewstoken.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.ewstoken.testkit.ExpectedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The route table on Jetty's in-memory connector: matching, methods, the final 404, wrapping and metric names. */
class RouteTableTest {

    private Server server;
    private LocalConnector connector;

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.stop();
    }

    private static Request.Handler says(String text) {
        return (request, response, callback) -> {
            response.setStatus(200);
            String metric = String.valueOf(request.getAttribute(RouteTable.METRIC_ATTRIBUTE));
            response.write(true, ByteBuffer.wrap((text + " " + metric).getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        };
    }

    private void start(HttpFeature... features) throws Exception {
        server = new Server();
        connector = new LocalConnector(server);
        server.addConnector(connector);
        Handler table = RouteTable.of(List.of(features)).withNotFound();
        server.setHandler(table);
        server.start();
    }

    private HttpTester.Response get(String method, String path) throws Exception {
        return HttpTester.parseResponse(connector.getResponse(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void exactPathsMatchInAnyCaseAndCarryTheirMetricName() throws Exception {
        start(r -> r.exact("/EWS/Exchange.asmx", "ews", says("ews"), "POST"));
        HttpTester.Response res = get("POST", "/ews/EXCHANGE.ASMX");
        assertThat(res.getStatus()).isEqualTo(200);
        assertThat(res.getContent()).isEqualTo("ews ews");
        assertThat(res.get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(get("POST", "/ews/exchange.asmx/more").getStatus()).as("exact means exact").isEqualTo(404);
    }

    @Test
    void theLongestPrefixWinsAndExactPathsComeFirst() throws Exception {
        start(r -> r.prefix("/", "front", says("catch-all")),
                r -> r.prefix("/api/", "api", says("api")),
                r -> r.prefix("/api/admin/", "admin", says("admin")),
                r -> r.exact("/api/admin/status", "status", says("status")));
        assertThat(get("GET", "/API/Admin/users").getContent()).isEqualTo("admin admin");
        assertThat(get("GET", "/api/other").getContent()).isEqualTo("api api");
        assertThat(get("GET", "/api/admin/status").getContent()).isEqualTo("status status");
        assertThat(get("GET", "/owa/").getContent()).isEqualTo("catch-all front");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllowAndGetImpliesHead() throws Exception {
        start(r -> r.exact("/metrics", "metrics", says("m"), "GET"));
        HttpTester.Response post = get("POST", "/metrics");
        assertThat(post.getStatus()).isEqualTo(405);
        assertThat(post.get("Allow")).isEqualTo("GET, HEAD");
        assertThat(post.getContent()).doesNotContain("/metrics");
        assertThat(get("HEAD", "/metrics").getStatus()).isEqualTo(200);
    }

    @Test
    void nothingMatchingReachesTheFinal404WhichEchoesNothing() throws Exception {
        start(r -> r.exact("/healthz", "healthz", says("ok"), "GET"));
        HttpTester.Response res = get("GET", "/%3Cscript%3Ealert(1)%3C/script%3E");
        assertThat(res.getStatus()).isEqualTo(404);
        assertThat(res.getContent()).isEqualTo("404 Not Found.\n").doesNotContain("script");
        assertThat(res.get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(res.get("Content-Type")).startsWith("text/plain");
    }

    @Test
    void aLaterFeatureWrapsAnEarlierRouteKeepingItsMethodsAndMetric() throws Exception {
        start(r -> r.exact("/ews/exchange.asmx", "ews", says("local"), "POST"),
                r -> r.wrap("/EWS/Exchange.asmx", local -> (request, response, callback) ->
                        request.getHeaders().contains("X-Proxy") ? says("proxied").handle(request, response, callback)
                                : local.handle(request, response, callback)));
        assertThat(get("POST", "/ews/exchange.asmx").getContent()).isEqualTo("local ews");
        HttpTester.Response proxied = HttpTester.parseResponse(connector.getResponse(
                "POST /ews/exchange.asmx HTTP/1.1\r\nHost: x\r\nX-Proxy: 1\r\nConnection: close\r\n\r\n"));
        assertThat(proxied.getContent()).isEqualTo("proxied ews");
        assertThat(get("GET", "/ews/exchange.asmx").getStatus()).isEqualTo(405);
    }

    @Test
    void aRouteThatFailsIsA500WithoutDetailsAndOneThatDeclinesIsA404() throws Exception {
        start(r -> r.exact("/boom", "boom", (request, response, callback) -> {
            throw new IllegalStateException("secret internals at /etc/ewstoken");
        }), r -> r.prefix("/maybe/", "maybe", (request, response, callback) -> false));
        HttpTester.Response boom;
        try (ExpectedLogs logs = ExpectedLogs.capture(RouteCall.class)) { // the failure is logged, not answered
            boom = get("GET", "/boom");
            assertThat(logs.messages()).anyMatch(m -> m.startsWith("ERROR") && m.contains("route boom"));
        }
        assertThat(boom.getStatus()).isEqualTo(500);
        assertThat(boom.getContent()).doesNotContain("secret", "IllegalState", "/etc");
        assertThat(get("GET", "/maybe/x").getStatus()).isEqualTo(404);
    }

    @Test
    void aPathIsTakenOnceAndOnlyExistingRoutesCanBeWrapped() {
        assertThatThrownBy(() -> RouteTable.of(List.of(r -> r.exact("/a", "a", says("1")),
                r -> r.exact("/A", "a", says("2"))))).isInstanceOf(IllegalStateException.class).hasMessageContaining("/a");
        assertThatThrownBy(() -> RouteTable.of(List.of(r -> r.wrap("/nothing", h -> h))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Route.exact("no-slash", "a", says("1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Route.exact("/x", "Bad Name", says("1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void templatesHandTheirParametersDecodedAndAPathMayHaveOneRoutePerMethod() throws Exception {
        start(r -> r.exact("/users/{smtp}", "user", (request, response, callback) -> {
            @SuppressWarnings("unchecked")
            var params = (java.util.Map<String, String>) request.getAttribute(RouteTable.PARAMS_ATTRIBUTE);
            return says("user " + params.get("smtp")).handle(request, response, callback);
        }, "GET"), r -> r.exact("/users/{smtp}", "user_remove", says("removed"), "DELETE"),
                r -> r.exact("/users/new", "user_new", says("new"), "POST"));
        assertThat(get("GET", "/USERS/Alice%40contoso.com").getContent()).isEqualTo("user Alice@contoso.com user");
        assertThat(get("DELETE", "/users/bob").getContent()).isEqualTo("removed user_remove");
        assertThat(get("POST", "/users/new").getContent()).as("an exact path before a template").isEqualTo("new user_new");
        assertThat(get("GET", "/users/new").getContent()).as("a template serves what the exact path does not")
                .isEqualTo("user new user");
        HttpTester.Response put = get("PUT", "/users/bob");
        assertThat(put.getStatus()).isEqualTo(405);
        assertThat(put.get("Allow")).isEqualTo("DELETE, GET, HEAD");
        assertThat(get("GET", "/users/bob/more").getStatus()).as("a template matches whole segments").isEqualTo(404);
        assertThat(get("GET", "/users/").getStatus()).as("a parameter is never empty").isEqualTo(404);
    }

    @Test
    void aLookupSaysWhatTheTableWouldDoForAHandlerThatAnswersInItsOwnForm() {
        RouteTable table = RouteTable.of(List.of(r -> r.exact("/keys/{id}", "key", says("k"), "GET")));
        RouteTable.Lookup found = table.lookup("GET", "/keys/k1");
        assertThat(found.found()).isTrue();
        assertThat(found.params()).containsEntry("id", "k1");
        assertThat(table.lookup("POST", "/keys/k1").wrongMethod()).isTrue();
        assertThat(table.lookup("POST", "/keys/k1").allowed()).containsExactly("GET", "HEAD");
        RouteTable.Lookup nothing = table.lookup("GET", "/locks/k1");
        assertThat(nothing.found() || nothing.wrongMethod()).isFalse();
        assertThat(table.routes()).hasSize(1);
    }

    @Test
    void aPathIsTakenOncePerMethodButTheSameRouteMayBeAddedTwice() {
        assertThatThrownBy(() -> RouteTable.of(List.of(r -> r.exact("/a", "a", says("1"), "GET"),
                r -> r.exact("/a", "a", says("2"), "GET", "POST")))).isInstanceOf(IllegalStateException.class);
        Route health = Route.exact("/healthz", "healthz", says("ok"), "GET");
        assertThat(RouteTable.of(List.of(r -> r.add(health), r -> r.add(health))).routes()).containsExactly(health);
    }
}
