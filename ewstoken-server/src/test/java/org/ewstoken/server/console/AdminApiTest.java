package org.ewstoken.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.IntrospectionSettings;
import org.ewstoken.store.ApiKey;
import org.ewstoken.testkit.Credentials;
import org.ewstoken.server.http.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over real HTTP: roles, sessions and CSRF, API keys, problem details, the OpenAPI document. */
class AdminApiTest {

    @TempDir Path dir;
    AdminFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new AdminFixture(dir, Map.of(IntrospectionSettings.INTROSPECTION_CLIENT_ID, "rs",
                IntrospectionSettings.INTROSPECTION_CLIENT_SECRET, "introspection-secret-XYZ-123"));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aNonAdministratorGets403EverywhereUnderTheApiAndTheConsole() throws Exception {
        String alice = Credentials.basic(TestServer.ALICE, TestServer.PASSWORD);
        for (String path : new String[] {"/api/admin/users", "/api/admin/keys", "/api/admin/nothing-here"}) {
            HttpResponse<String> r = f.send("GET", path, null, "Authorization", alice);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(AdminFixture.json(r).path("status").asInt()).isEqualTo(403);
        }
        assertThat(f.send("GET", "/console/overview", null, "Authorization", alice).statusCode()).isEqualTo(403);
        HttpResponse<String> form = f.login(TestServer.ALICE, TestServer.PASSWORD);
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(form.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void withoutCredentialsTheApiAnswers401AndTheConsoleSendsToItsSignInPage() throws Exception {
        HttpResponse<String> r = f.send("GET", "/api/admin/users", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(AdminFixture.json(r).path("title").asText()).isEqualTo("Unauthorized");
        HttpResponse<String> page = f.send("GET", "/console/users", null);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        HttpResponse<String> login = f.send("GET", "/console/login", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(login.body()).doesNotContain("<script>").doesNotContain("style=");
    }

    @Test
    void errorsAreProblemDetails() throws Exception {
        JsonNode missing = AdminFixture.json(f.asAdmin("GET", "/api/admin/users/nobody@contoso.com", null));
        assertThat(missing.path("status").asInt()).isEqualTo(404);
        assertThat(missing.path("type").asText()).isEqualTo("about:blank");
        assertThat(missing.path("instance").asText()).isEqualTo("/api/admin/users/nobody@contoso.com");
        HttpResponse<String> bad = f.asAdmin("POST", "/api/admin/users", "{not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(AdminFixture.json(bad).path("detail").asText()).contains("JSON");
        HttpResponse<String> dup = f.asAdmin("POST", "/api/admin/users",
                "{\"smtp\":\"" + TestServer.ALICE + "\",\"password\":\"long enough 1\"}");
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(AdminFixture.json(dup).path("detail").asText()).contains("already exists");
        HttpResponse<String> shortPw = f.asAdmin("POST", "/api/admin/users", "{\"smtp\":\"c@contoso.com\",\"password\":\"short\"}");
        assertThat(shortPw.statusCode()).isEqualTo(400);
        HttpResponse<String> wrongMethod = f.asAdmin("PATCH", "/api/admin/users", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow").orElseThrow()).contains("GET").contains("POST");
        assertThat(f.asAdmin("GET", "/api/admin/no/such/thing", null).statusCode()).isEqualTo(404);
        HttpResponse<String> last = f.asAdmin("DELETE", "/api/admin/users/" + AdminFixture.ADMIN + "/admin", null);
        assertThat(last.statusCode()).isEqualTo(409);
        assertThat(AdminFixture.json(last).path("detail").asText()).contains("last administrator");
    }

    @Test
    void aConsoleSessionIsAStrictHttpOnlyCookieAndEveryChangeNeedsItsCsrfToken() throws Exception {
        HttpResponse<String> login = f.login(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD);
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/")
                .doesNotContain("Secure"); // plain HTTP here; over TLS the cookie is __Host- and Secure
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        JsonNode session = AdminFixture.json(f.send("GET", "/api/admin/session", null, "Cookie", cookie));
        assertThat(session.path("user").asText()).isEqualTo(AdminFixture.ADMIN);
        String csrf = session.path("csrfToken").asText();
        assertThat(csrf).hasSizeGreaterThan(20);

        String body = "{\"smtp\":\"carol@contoso.com\",\"password\":\"long enough 1\"}";
        HttpResponse<String> noToken = f.send("POST", "/api/admin/users", body, "Cookie", cookie);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(AdminFixture.json(noToken).path("detail").asText()).contains("CSRF");
        assertThat(f.send("POST", "/api/admin/users", body, "Cookie", cookie, "X-CSRF-Token", "wrong").statusCode()).isEqualTo(403);
        assertThat(f.server.server().installation().store().findUser("carol@contoso.com")).isEmpty();
        HttpResponse<String> ok = f.send("POST", "/api/admin/users", body, "Cookie", cookie, "X-CSRF-Token", csrf);
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(f.send("GET", "/console/overview", null, "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(f.send("GET", "/api/admin/users", null, "Cookie", "ewstoken-console=forged").statusCode()).isEqualTo(401);
    }

    @Test
    void theSignInFormLocksOutAfterRepeatedFailures() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(f.login(AdminFixture.ADMIN, "wrong " + i).headers().firstValue("Location"))
                    .hasValue("/console/login?error=invalid");
        }
        HttpResponse<String> locked = f.login(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD);
        assertThat(locked.headers().firstValue("Location")).hasValue("/console/login?error=locked");
        HttpResponse<String> basic = f.asAdmin("GET", "/api/admin/users", null);
        assertThat(basic.statusCode()).isEqualTo(429);
        assertThat(basic.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anApiKeyIsShownOnceStoredHashedAndWorksAsABearerToken() throws Exception {
        HttpResponse<String> created = f.asAdmin("POST", "/api/admin/api-keys", "{\"name\":\"deploy script\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String token = AdminFixture.json(created).path("token").asText();
        String id = AdminFixture.json(created).path("key").path("id").asText();
        assertThat(token).startsWith("ewsk_" + id + "_");
        ApiKey stored = f.server.server().installation().adminStore().findApiKey(id).orElseThrow();
        assertThat(stored.secretHash()).isNotBlank();
        assertThat(token).doesNotContain(stored.secretHash());
        String list = f.asAdmin("GET", "/api/admin/api-keys", null).body();
        assertThat(list).contains(id).doesNotContain(token.substring(token.lastIndexOf('_') + 1));

        HttpResponse<String> viaKey = f.send("POST", "/api/admin/users", "{\"smtp\":\"dave@contoso.com\",\"password\":\"long enough 1\"}",
                "Authorization", "Bearer " + token);
        assertThat(viaKey.statusCode()).isEqualTo(201); // no CSRF for a bearer key: no browser sends it by itself
        assertThat(f.send("GET", "/api/admin/users", null, "Authorization", "Bearer " + token + "x").statusCode()).isEqualTo(401);
        assertThat(f.send("GET", "/api/admin/users", null, "Authorization", "Bearer ewsk_nope_nope").statusCode()).isEqualTo(401);
        assertThat(f.asAdmin("DELETE", "/api/admin/api-keys/" + id, null).statusCode()).isEqualTo(204);
        assertThat(f.send("GET", "/api/admin/users", null, "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
    }

    @Test
    void effectiveSettingsNeverShowASecret() throws Exception {
        HttpResponse<String> r = f.asAdmin("GET", "/api/admin/settings", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("introspection-secret-XYZ-123");
        JsonNode s = AdminFixture.json(r).path("settings");
        assertThat(s.path("introspection-client-secret").asText()).isEqualTo("(set)");
        assertThat(s.path("introspection-client-id").asText()).isEqualTo("rs");
        assertThat(s.path("console-enabled").asText()).isEqualTo("true");
    }

    @Test
    void adminChangesAreAdminEventsWithWhoWhatAndWhereFrom() throws Exception {
        f.asAdmin("POST", "/api/admin/users", "{\"smtp\":\"erin@contoso.com\",\"password\":\"long enough 1\",\"admin\":true}");
        f.asAdmin("POST", "/api/admin/keys/rotate", "{\"now\":false}");
        JsonNode events = AdminFixture.json(f.asAdmin("GET", "/api/admin/events?limit=10", null)).path("items");
        Set<String> actions = new HashSet<>();
        for (JsonNode e : events) {
            actions.add(e.path("action").asText());
            if (e.path("action").asText().equals("user.add") && e.path("target").asText().equals("erin@contoso.com")) {
                assertThat(e.path("actor").asText()).isEqualTo(AdminFixture.ADMIN);
                assertThat(e.path("remoteAddress").asText()).isEqualTo("127.0.0.1");
            }
        }
        assertThat(actions).contains("user.add", "user.grant-admin", "key.rotate");
        HttpResponse<String> csv = f.asAdmin("GET", "/api/admin/events.csv?action=user.", null);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("id,at,actor").contains("erin@contoso.com").doesNotContain("key.rotate");
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRealRoutes() throws Exception {
        HttpResponse<String> r = f.asAdmin("GET", "/api/admin/openapi.json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = AdminFixture.json(r);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey()));
        }
        Set<String> real = new HashSet<>();
        for (Route route : new AdminRoutes(null, null, null, null, null, null, null).table().routes()) {
            for (String method : route.methods()) {
                if (!method.equals("HEAD")) real.add(method + " " + AdminApi.PREFIX + route.path());
            }
        }
        assertThat(documented).isEqualTo(real);
        // and every documented GET without parameters answers on the running server
        for (String op : documented) {
            if (op.startsWith("GET ") && !op.contains("{")) {
                assertThat(f.asAdmin("GET", op.substring(4), null).statusCode()).as(op).isEqualTo(200);
            }
        }
    }
}
