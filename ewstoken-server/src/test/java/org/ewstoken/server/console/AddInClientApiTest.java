package org.ewstoken.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API sets an add-in back end's audience and makes its secret, through the service the CLI uses. */
class AddInClientApiTest {

    static final String ADDIN = Envelopes.DOCUMENTED_ADDIN.toLowerCase();

    @TempDir Path dir;

    @Test
    void anAdministratorSetsTheBackEndAudienceAndMakesASecretThatTheTokenEndpointAccepts() throws Exception {
        try (AdminFixture f = new AdminFixture(dir, Map.of())) {
            f.server.addAddIn(ADDIN, Permission.READ_ITEM, "https://addin.contoso.com/taskpane.html", Set.of(), true, null);
            assertThat(AdminFixture.json(f.asAdmin("GET", "/api/admin/addins/" + ADDIN + "/client", null))
                    .path("hasSecret").asBoolean()).isFalse();
            HttpResponse<String> bad = f.asAdmin("PUT", "/api/admin/addins/" + ADDIN + "/backend-audience",
                    "{\"backendAudience\":\"no uri\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            HttpResponse<String> set = f.asAdmin("PUT", "/api/admin/addins/" + ADDIN + "/backend-audience",
                    "{\"backendAudience\":\"https://api.contoso.com/\"}");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(AdminFixture.json(set).path("backendAudience").asText()).isEqualTo("https://api.contoso.com/");

            HttpResponse<String> made = f.asAdmin("POST", "/api/admin/addins/" + ADDIN + "/secret", null);
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            String secret = AdminFixture.json(made).path("secret").asText();
            assertThat(AdminFixture.json(f.asAdmin("GET", "/api/admin/addins/" + ADDIN + "/client", null))
                    .path("hasSecret").asBoolean()).isTrue();
            assertThat(f.asAdmin("GET", "/api/admin/events", null).body()).contains("addin.secret").doesNotContain(secret);
            assertThat(f.asAdmin("POST", "/api/admin/addins/0b7e4c4e-55d9-4a51-a0bb-6fa6a8f0a00f/secret", null)
                    .statusCode()).isEqualTo(404);

            var r = f.server.soap(Envelopes.documented(), TestServer.ALICE, TestServer.PASSWORD);
            String identity = SoapResponses.messages(r.body()).get(0).tokenValue();
            String form = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange")
                    + "&subject_token_type=" + enc("urn:ietf:params:oauth:token-type:jwt") + "&subject_token=" + enc(identity)
                    + "&client_id=" + ADDIN + "&client_secret=" + enc(secret);
            HttpResponse<String> exchanged = AdminFixture.HTTP.send(HttpRequest.newBuilder(f.url("/oauth2/token"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
