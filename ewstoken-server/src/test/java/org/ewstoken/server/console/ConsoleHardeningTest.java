package org.ewstoken.server.console;

import org.ewstoken.testkit.Credentials;
import org.ewstoken.server.config.HardeningSettings;
import org.ewstoken.server.config.ConsoleSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ewstoken.server.hostile.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console and admin API against spreadsheet formulas, library jargon, credentials in URLs, other sites and huge bodies. */
class ConsoleHardeningTest {

    static final String FORMULA = "y;@SUM(1+1)*cmd|' /C calc'!A0";
    /** One CSV line whose every cell is quoted (quotes inside doubled). */
    static final String QUOTED_LINE = "\"([^\"]|\"\")*\"(,\"([^\"]|\"\")*\")*";
    /** What a body's problem must never show: the parser's words, Java's, the DTO's. */
    static final List<String> JARGON = List.of("class", "org.", "java.", "JsonToken", "START_", "END_", "FAIL_ON",
            "Unrecognized", "Dtos", "NewUser", "Cannot deserialize", "MismatchedInput", "jackson", "Jackson", "Feature");

    /** One server for the class: the tests change only users of their own, and none signs in wrongly. */
    @TempDir static Path dir;
    static AdminFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new AdminFixture(dir, Map.of(HardeningSettings.OPS_PORT, "0"));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void everyCsvCellIsQuotedAndCellsAFormulaCouldStartWithAreNeutralised() throws Exception {
        assertThat(Csv.cell("plain")).isEqualTo("\"plain\"");
        assertThat(Csv.cell(FORMULA)).isEqualTo("\"" + FORMULA.replace("\"", "\"\"") + "\"");
        assertThat(Csv.cell(null)).isEqualTo("\"\"");
        assertThat(Csv.cell("a\"b")).isEqualTo("\"a\"\"b\"");
        for (String start : List.of("=", "+", "-", "@", "\t", "\r")) {
            assertThat(Csv.cell(start + "1+1")).as(start).isEqualTo("\"'" + start + "1+1\"");
        }
        assertThat(Csv.cell("a;b\tc,d\ne")).isEqualTo("\"a;b\tc,d\ne\"");

        for (String name : List.of(FORMULA, "=HYPERLINK(\"http://evil.example\")", "+1", "-2+3", "@SUM(A1)", "\t=1",
                "a,b;c\"d")) {
            String smtp = "u" + Math.abs(name.hashCode()) + "@contoso.com";
            HttpResponse<String> r = f.asAdmin("POST", "/api/admin/users", "{\"smtp\":\"" + smtp + "\",\"displayName\":"
                    + AdminFixture.JSON.writeValueAsString(name) + ",\"password\":\"long enough 1\"}");
            assertThat(r.statusCode()).as(name).isEqualTo(201);
        }
        for (String export : List.of("/api/admin/events.csv", "/api/admin/audit.csv")) {
            String csv = f.asAdmin("GET", export, null).body();
            String[] lines = csv.split("\r\n");
            for (int i = 1; i < lines.length; i++) assertThat(lines[i]).as(export + " line " + i).matches(QUOTED_LINE);
            for (String line : lines) assertThat(line).doesNotContain(",=").doesNotContain(",+").doesNotContain(",@");
        }
    }

    @Test
    void aBodyThatIsNotTheExpectedJsonIsAnsweredInTheProjectsWordsNamingTheField() throws Exception {
        Map<String, String> bodies = Map.of(
                "{\"smtp\":\"x@contoso.com\",\"bogus\":1}", "bogus",
                "{\"smtp\":{\"a\":1}}", "smtp",
                "{\"smtp\":[\"a\"]}", "smtp",
                "{\"smtp\":\"x@contoso.com\",\"admin\":\"perhaps\"}", "admin",
                "[1,2]", "object",
                "{\"smtp\":", "well-formed",
                "nul", "well-formed",
                "\"just a string\"", "object",
                "{\"smtp\":\"x@contoso.com\",\"admin\":{}}", "admin");
        for (var b : bodies.entrySet()) {
            HttpResponse<String> r = f.asAdmin("POST", "/api/admin/users", b.getKey());
            assertThat(r.statusCode()).as(b.getKey()).isEqualTo(400);
            String detail = AdminFixture.json(r).path("detail").asText();
            assertThat(detail).as(b.getKey()).contains(b.getValue());
            for (String word : JARGON) assertThat(detail).as(b.getKey()).doesNotContain(word);
        }
        HttpResponse<String> deep = f.asAdmin("POST", "/api/admin/tokens/decode", "{\"token\":" + "[".repeat(3000)
                + "]".repeat(3000) + "}");
        assertThat(deep.statusCode()).isEqualTo(400);
        for (String word : JARGON) assertThat(AdminFixture.json(deep).path("detail").asText()).doesNotContain(word);
    }

    /** A POSTed HTML form (the fixture's send labels bodies JSON). */
    HttpResponse<String> form(String path, String body, String... headers) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(f.url(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return AdminFixture.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSignInFormTakesCredentialsFromAPostBodyOnly() throws Exception {
        String query = "/console/login?username=" + AdminFixture.ADMIN.replace("@", "%40") + "&password="
                + AdminFixture.ADMIN_PASSWORD.replace(" ", "+");
        HttpResponse<String> viaQuery = form(query, "");
        assertThat(viaQuery.statusCode()).isEqualTo(303);
        assertThat(viaQuery.headers().firstValue("Location")).hasValue("/console/login?error=invalid");
        assertThat(viaQuery.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> getWithQuery = f.send("GET", query, null);
        assertThat(getWithQuery.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> json = f.send("POST", "/console/login", "{\"username\":\"" + AdminFixture.ADMIN
                + "\",\"password\":\"" + AdminFixture.ADMIN_PASSWORD + "\"}");
        assertThat(json.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> signedIn = f.login(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/console/overview");
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = AdminFixture.json(f.send("GET", "/api/admin/session", null, "Cookie", cookie)).path("csrfToken").asText();
        form("/console/logout?csrf=" + csrf, "", "Cookie", cookie);
        assertThat(f.send("GET", "/api/admin/session", null, "Cookie", cookie).statusCode())
                .as("a sign-out token in the query string is not taken").isEqualTo(200);
        form("/console/logout", "csrf=" + csrf, "Cookie", cookie);
        assertThat(f.send("GET", "/api/admin/session", null, "Cookie", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void aStateChangeFromAnotherSiteIsRefusedEvenWithAValidCsrfToken() throws Exception {
        HttpResponse<String> login = f.login(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = AdminFixture.json(f.send("GET", "/api/admin/session", null, "Cookie", cookie)).path("csrfToken").asText();
        java.net.URI url = f.url("/");
        String own = url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
        int n = 0;
        for (String[] site : List.of(new String[] {"Origin", "https://evil.example"}, new String[] {"Origin", "null"},
                new String[] {"Origin", "http://localhost:1"}, new String[] {"Origin", own + ".evil.example"},
                new String[] {"Sec-Fetch-Site", "cross-site"}, new String[] {"Sec-Fetch-Site", "same-site"},
                new String[] {"Sec-Fetch-Site", "none"})) {
            String body = "{\"smtp\":\"x" + n++ + "@contoso.com\",\"password\":\"long enough 1\"}";
            HttpResponse<String> r = f.send("POST", "/api/admin/users", body, "Cookie", cookie, "X-CSRF-Token", csrf,
                    site[0], site[1]);
            assertThat(r.statusCode()).as(site[0] + ": " + site[1]).isEqualTo(403);
            assertThat(AdminFixture.json(r).path("detail").asText()).contains("another site");
            HttpResponse<String> key = f.send("DELETE", "/api/admin/users/" + "alice@contoso.com", null,
                    "Authorization", Credentials.basic(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD), site[0], site[1]);
            assertThat(key.statusCode()).as("with Basic, " + site[1]).isEqualTo(403);
        }
        HttpResponse<String> crossLogin = form("/console/login", "username=" + AdminFixture.ADMIN.replace("@", "%40")
                + "&password=" + AdminFixture.ADMIN_PASSWORD.replace(" ", "+"), "Origin", "https://evil.example");
        assertThat(crossLogin.statusCode()).isEqualTo(403);
        assertThat(crossLogin.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(f.server.server().installation().store().findUser("x0@contoso.com")).isEmpty();

        assertThat(f.send("POST", "/api/admin/users", "{\"smtp\":\"ok1@contoso.com\",\"password\":\"long enough 1\"}",
                "Cookie", cookie, "X-CSRF-Token", csrf, "Origin", own).statusCode()).isEqualTo(201);
        assertThat(f.send("POST", "/api/admin/users", "{\"smtp\":\"ok2@contoso.com\",\"password\":\"long enough 1\"}",
                "Cookie", cookie, "X-CSRF-Token", csrf, "Sec-Fetch-Site", "same-origin", "Origin", own).statusCode())
                .isEqualTo(201);
        assertThat(f.send("GET", "/api/admin/users", null, "Cookie", cookie, "Origin", "https://evil.example").statusCode())
                .as("reading is not a state change").isEqualTo(200);
    }

    /** The first answer to a head declaring a 1 GB body with Expect: 100-continue; the body is never sent. */
    static int firstAnswer(int port, String path, String... headers) throws Exception {
        try (Socket s = RawHttp.connect(null, port, Duration.ofSeconds(30))) {
            OutputStream out = s.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            for (String h : headers) head.append(h).append("\r\n");
            head.append("Content-Length: 1073741824\r\nExpect: 100-continue\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return RawHttp.read(s.getInputStream()).status();
        }
    }

    @Test
    void aHugeDeclaredBodyIsAnsweredBeforeItIsInvitedOnEveryListener() throws Exception {
        String admin = "Authorization: " + Credentials.basic(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD);
        int main = f.server.server().port();
        assertThat(firstAnswer(main, "/api/admin/users", admin, "Content-Type: application/json")).isEqualTo(413);
        assertThat(firstAnswer(main, "/api/admin/keys/import", admin, "Content-Type: application/json")).isEqualTo(413);
        assertThat(firstAnswer(main, "/api/admin/addins", admin, "Content-Type: application/xml")).isEqualTo(413);
        assertThat(firstAnswer(main, "/console/login", "Content-Type: application/x-www-form-urlencoded")).isEqualTo(303);
        assertThat(firstAnswer(main, "/EWS/Exchange.asmx", "Content-Type: text/xml", RawHttp.basic(org.ewstoken.server.TestServer.ALICE,
                org.ewstoken.server.TestServer.PASSWORD)))
                .isEqualTo(413);
        assertThat(firstAnswer(main, "/oauth2/introspect", "Content-Type: application/x-www-form-urlencoded")).isNotEqualTo(100);
        assertThat(firstAnswer(main, "/nowhere", "Content-Type: text/plain")).isEqualTo(404);
        int ops = f.server.server().opsPort();
        assertThat(firstAnswer(ops, "/metrics", "Content-Type: text/plain")).isEqualTo(405);
        assertThat(firstAnswer(ops, "/healthz", "Content-Type: text/plain")).isEqualTo(405);

        try (AdminFixture own = new AdminFixture(dir.resolve("own"), Map.of(ConsoleSettings.ADMIN_PORT, "0"))) {
            int port = own.server.server().consoleUrl().getPort();
            assertThat(firstAnswer(port, "/api/admin/users", admin, "Content-Type: application/json")).isEqualTo(413);
            assertThat(firstAnswer(port, "/console/login", "Content-Type: application/x-www-form-urlencoded")).isEqualTo(303);
            assertThat(firstAnswer(port, "/api/admin/tokens/mint", admin, "Content-Type: application/json")).isEqualTo(413);
        }
    }
}
