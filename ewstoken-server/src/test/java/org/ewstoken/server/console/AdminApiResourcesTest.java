package org.ewstoken.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.testkit.TestTls;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.ewstoken.testkit.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API's resources as a script uses them: add-ins from a URL, keys imported, the audit log, the playground. */
class AdminApiResourcesTest {

    static final String CRM = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    @TempDir Path dir;
    AdminFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new AdminFixture(dir.resolve("server"), Map.of());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void anAddInInstalledFromAUrlIsSwitchedMadeMandatoryShownAndRemoved() throws Exception {
        byte[] manifest = Files.readAllBytes(Path.of("..", "examples", "contoso-crm-manifest.xml"));
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/manifest.xml", x -> {
            x.getResponseHeaders().add("Content-Type", "application/xml");
            x.sendResponseHeaders(200, manifest.length);
            x.getResponseBody().write(manifest);
            x.close();
        });
        web.start();
        try {
            String url = "http://127.0.0.1:" + web.getAddress().getPort() + "/manifest.xml";
            HttpResponse<String> refused = f.asAdmin("POST", "/api/admin/addins/from-url", "{\"url\":\"" + url + "\"}");
            assertThat(refused.statusCode()).isEqualTo(400); // plain http only when allowed
            HttpResponse<String> r = f.asAdmin("POST", "/api/admin/addins/from-url",
                    "{\"url\":\"" + url + "\",\"allowHttp\":true}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode addIn = AdminFixture.json(r).path("addIn");
            assertThat(addIn.path("displayName").asText()).isEqualTo("Contoso CRM");
            assertThat(addIn.path("iconUrl").asText()).isEqualTo("https://crm.contoso.com/outlook/icon-64.png");
            assertThat(addIn.path("audience").asText()).isEqualTo("https://crm.contoso.com/outlook/read.html");
        } finally {
            web.stop(0);
        }
        assertThat(f.asAdmin("PUT", "/api/admin/addins/" + CRM + "/mandatory", null).statusCode()).isEqualTo(200);
        HttpResponse<String> perUser = f.asAdmin("POST", "/api/admin/addins/" + CRM + "/disable?user=" + TestServer.ALICE, null);
        assertThat(perUser.statusCode()).isEqualTo(409); // mandatory: not for one user
        assertThat(f.asAdmin("DELETE", "/api/admin/addins/" + CRM + "/mandatory", null).statusCode()).isEqualTo(200);
        assertThat(f.asAdmin("POST", "/api/admin/addins/" + CRM + "/disable?user=" + TestServer.ALICE, null).statusCode())
                .isEqualTo(204);
        HttpResponse<String> shown = f.asAdmin("GET", "/api/admin/addins/" + CRM + "/manifest", null);
        assertThat(shown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/xml");
        assertThat(shown.body()).contains("<DisplayName DefaultValue=\"Contoso CRM\">");
        assertThat(f.asAdmin("DELETE", "/api/admin/addins/" + CRM, null).statusCode()).isEqualTo(204);
        assertThat(f.asAdmin("GET", "/api/admin/addins/" + CRM + "/manifest", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anOrganisationsKeyIsImportedAndSignsAtOnce() throws Exception {
        SigningKey key = SigningKeys.generate("tokens.contoso.com", Duration.ofDays(365), Clock.systemUTC());
        String pem = TestTls.pem(key.certificate(), key.privateKey());
        String body = AdminFixture.JSON.writeValueAsString(Map.of("fileName", "contoso.pem", "contentBase64",
                Base64.getEncoder().encodeToString(pem.getBytes()), "now", true));
        HttpResponse<String> r = f.asAdmin("POST", "/api/admin/keys/import", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(AdminFixture.json(r).path("keyId").asText()).isEqualTo(key.keyId());
        JsonNode keys = AdminFixture.json(f.asAdmin("GET", "/api/admin/keys", null));
        assertThat(keys.path("signingKeyId").asText()).isEqualTo(key.keyId());
        assertThat(keys.path("keys").get(keys.path("keys").size() - 1).path("certificateNotAfter").asText()).isNotEmpty();
        HttpResponse<String> bad = f.asAdmin("POST", "/api/admin/keys/import",
                "{\"fileName\":\"x.pem\",\"contentBase64\":\"" + Base64.getEncoder().encodeToString("junk".getBytes()) + "\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(AdminFixture.json(bad).path("detail").asText()).contains("cannot import");
    }

    @Test
    void playgroundTokensFollowTheRulesAndAreAuditedFilteredPagedAndExported() throws Exception {
        byte[] manifest = Files.readAllBytes(Path.of("..", "examples", "contoso-crm-manifest.xml"));
        assertThat(f.send("POST", "/api/admin/addins", new String(manifest), "Authorization",
                Credentials.basic(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD)).statusCode()).isEqualTo(201);
        for (String type : new String[] {"CallerIdentity", "ExtensionCallback", "ExtensionCallback"}) {
            JsonNode m = AdminFixture.json(f.asAdmin("POST", "/api/admin/tokens/mint",
                    "{\"user\":\"" + TestServer.ALICE + "\",\"addIn\":\"" + CRM + "\",\"type\":\"" + type + "\"}"));
            assertThat(m.path("issued").asBoolean()).as(type).isTrue();
            JsonNode verdict = AdminFixture.json(f.asAdmin("POST", "/api/admin/tokens/validate",
                    AdminFixture.JSON.writeValueAsString(Map.of("token", m.path("token").asText(),
                            "audience", "https://crm.contoso.com/outlook/read.html",
                            "trustedHosts", java.util.List.of("127.0.0.1:" + f.server.server().port()), "allowHttp", true))));
            assertThat(verdict.path("valid").asBoolean()).as(verdict.toString()).isTrue();
        }
        JsonNode scoped = AdminFixture.json(f.asAdmin("POST", "/api/admin/tokens/mint",
                "{\"user\":\"" + TestServer.ALICE + "\",\"addIn\":\"" + CRM + "\",\"type\":\"ScopedToken\",\"scope\":\"x\"}"));
        assertThat(scoped.path("issued").asBoolean()).isFalse(); // the add-in may not ask for that scope
        assertThat(scoped.path("responseCode").asText()).isEqualTo("ErrorInvalidClientAccessTokenRequest");

        // The audit writer stores in the background: wait for the three records.
        JsonNode page = null;
        for (int i = 0; i < 100; i++) {
            page = AdminFixture.json(f.asAdmin("GET", "/api/admin/audit?type=ExtensionCallback&limit=1", null));
            if (page.path("items").size() == 1
                    && AdminFixture.json(f.asAdmin("GET", "/api/admin/audit?limit=10", null)).path("items").size() == 3) break;
            Thread.sleep(100);
        }
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("items").get(0).path("tokenType").asText()).isEqualTo("ExtensionCallback");
        JsonNode second = AdminFixture.json(f.asAdmin("GET", "/api/admin/audit?type=ExtensionCallback&limit=1&offset=1", null));
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("items").get(0).path("id").asText()).isNotEqualTo(page.path("items").get(0).path("id").asText());
        assertThat(AdminFixture.json(f.asAdmin("GET", "/api/admin/audit?type=ExtensionCallback&offset=2", null))
                .path("items")).isEmpty();
        assertThat(AdminFixture.json(f.asAdmin("GET", "/api/admin/audit?user=bob@contoso.com", null)).path("items")).isEmpty();
        String csv = f.asAdmin("GET", "/api/admin/audit.csv?addIn=" + CRM, null).body();
        assertThat(csv.split("\r\n")).hasSize(4);
        assertThat(csv).startsWith("id,issued_at");
        assertThat(f.asAdmin("GET", "/api/admin/audit?from=yesterday", null).statusCode()).isEqualTo(400);
        assertThat(AdminFixture.json(f.asAdmin("GET", "/api/admin/overview", null)).path("lastHour")).hasSize(60);
    }
}
