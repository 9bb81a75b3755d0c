package org.ewstoken.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.IntrospectionSettings;
import org.ewstoken.store.Permission;
import org.ewstoken.store.UserChoice;
import org.ewstoken.testkit.Credentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 7662 introspection of callback tokens, for resource servers that cannot run the Java library. */
class IntrospectionTest {

    static final String CLIENT_ID = "crm-resource-server";
    static final String SECRET = "s3cret+with/odd=chars-0123456789";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static TestServer server;
    static String alicesUid;

    @BeforeAll
    static void start() throws Exception {
        Path secretFile = dir.resolve("introspection.secret");
        Files.writeString(secretFile, SECRET + "\n");
        server = TestServer.start(dir.resolve("data"), Map.of(IntrospectionSettings.INTROSPECTION_CLIENT_ID, CLIENT_ID,
                IntrospectionSettings.INTROSPECTION_CLIENT_SECRET_FILE, secretFile.toString()));
        alicesUid = server.addUser(TestServer.ALICE).exchangeUid().toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void freshAddIn() throws Exception {
        server.server().installation().store().removeAddIn(ServerTokens.ADDIN);
        server.addAddIn(ServerTokens.ADDIN, Permission.READ_ITEM, ServerTokens.AUDIENCE, Set.of("Mail.Read"), true, null);
    }

    static HttpResponse<String> introspect(String form, String authorization, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url("/oauth2/introspect"))
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (contentType != null) b.header("Content-Type", contentType);
        if (authorization != null) b.header("Authorization", authorization);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }


    static JsonNode introspect(String token) throws Exception {
        HttpResponse<String> r = introspect("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                Credentials.basic(CLIENT_ID, SECRET), "application/x-www-form-urlencoded");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return JSON.readTree(r.body());
    }

    static void assertInactive(JsonNode answer) {
        assertThat(answer.toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void anActiveCallbackTokenSaysWhatItCarries() throws Exception {
        String token = ServerTokens.get(server, "ExtensionCallback");

        JsonNode a = introspect(token);

        assertThat(a.get("active").asBoolean()).isTrue();
        assertThat(a.get("token_type").asText()).isEqualTo("ExtensionCallback");
        assertThat(a.get("sub").asText()).isEqualTo(alicesUid);
        assertThat(a.get("smtp").asText()).isEqualTo(TestServer.ALICE);
        assertThat(a.get("client_id").asText()).isEqualTo(ServerTokens.ADDIN);
        assertThat(a.get("perm").asText()).isEqualTo("ReadItem");
        assertThat(a.get("upn").asText()).isEqualTo(TestServer.ALICE);
        assertThat(a.get("aud").asText()).isEqualTo("00000002-0000-0ff1-ce00-000000000000/127.0.0.1@127.0.0.1");
        assertThat(a.get("iss").asText()).isEqualTo("00000002-0000-0ff1-ce00-000000000000@127.0.0.1");
        assertThat(a.get("exp").asLong() - a.get("nbf").asLong()).isEqualTo(300);
        assertThat(a.get("jti").asText()).startsWith("sig-");
        assertThat(a.get("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        assertThat(a.has("scope")).isFalse();
    }

    @Test
    void restAndScopedTokensToo() throws Exception {
        JsonNode rest = introspect(ServerTokens.get(server, "ExtensionRestApiCallback"));
        JsonNode scoped = introspect(ServerTokens.get(server, "ScopedToken"));

        assertThat(rest.get("token_type").asText()).isEqualTo("ExtensionRestApiCallback");
        assertThat(rest.get("aud").asText()).isEqualTo("00000002-0000-0ff1-ce00-000000000000/127.0.0.1@127.0.0.1");
        assertThat(scoped.get("token_type").asText()).isEqualTo("ScopedToken");
        assertThat(scoped.get("scope").asText()).isEqualTo("Mail.Read");
    }

    @Test
    void anythingButAValidCallbackTokenIsInactiveAndNothingMore() throws Exception {
        String callback = ServerTokens.get(server, "ExtensionCallback");
        String[] parts = callback.split("\\.");
        String raised = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"ver\":\"Exchange.Callback.V1\"", "\"ver\":\"Exchange.ScopedToken.V1\"");

        assertInactive(introspect(ServerTokens.get(server, "CallerIdentity")));
        assertInactive(introspect("not-a-token"));
        assertInactive(introspect(parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(raised.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]));
        assertInactive(introspect(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 100) + "AAAA"
                + parts[2].substring(104)));
    }

    @Test
    void aTokenWhoseAddInWasDisabledOrRemovedIsInactive() throws Exception {
        String token = ServerTokens.get(server, "ExtensionCallback");
        var store = server.server().installation().store();

        store.setAddInEnabled(ServerTokens.ADDIN, false);
        assertInactive(introspect(token));

        store.setAddInEnabled(ServerTokens.ADDIN, true);
        assertThat(introspect(token).get("active").asBoolean()).isTrue();

        store.setUserChoice(ServerTokens.ADDIN, TestServer.ALICE, new UserChoice(false, "OutlookClientPerformance", Instant.now()));
        assertInactive(introspect(token));
        store.clearUserChoice(ServerTokens.ADDIN, TestServer.ALICE);

        store.removeAddIn(ServerTokens.ADDIN);
        assertInactive(introspect(token));
    }

    @Test
    void aTokenWhoseMailboxWasRemovedOrReplacedIsInactive() throws Exception {
        server.addUser(TestServer.BOB);
        String bobs = bobsToken();
        var store = server.server().installation().store();

        store.removeUser(TestServer.BOB);
        assertInactive(introspect(bobs));

        server.addUser(TestServer.BOB); // same address, a new mailbox: the old tokens are not its
        assertInactive(introspect(bobs));
        store.removeUser(TestServer.BOB);
    }

    @Test
    void theClientMustAuthenticate() throws Exception {
        String form = "token=x";
        for (String authorization : new String[] {null, Credentials.basic(CLIENT_ID, "wrong-secret-0123456789"), Credentials.basic("other", SECRET),
                "Bearer " + SECRET, "Basic !!!", Credentials.basic(CLIENT_ID, SECRET + "x")}) {
            HttpResponse<String> r = introspect(form, authorization, "application/x-www-form-urlencoded");
            assertThat(r.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
            assertThat(r.body()).contains("\"error\":\"invalid_client\"");
        }
        String formEncoded = Credentials.basic(URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8),
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8));
        assertThat(introspect(form, formEncoded, "application/x-www-form-urlencoded").statusCode())
                .as("RFC 6749 §2.3.1 form-encoded credentials").isEqualTo(200);
    }

    @Test
    void malformedRequestsAreInvalidRequests() throws Exception {
        String auth = Credentials.basic(CLIENT_ID, SECRET);
        for (String[] c : new String[][] {{"", "application/x-www-form-urlencoded"}, {"token=", "application/x-www-form-urlencoded"},
                {"token=a&token=b", "application/x-www-form-urlencoded"}, {"token=%zz", "application/x-www-form-urlencoded"},
                {"{\"token\":\"a\"}", "application/json"}, {"token=" + "a".repeat(20_000), "application/x-www-form-urlencoded"}}) {
            HttpResponse<String> r = introspect(c[0], auth, c[1]);
            assertThat(r.statusCode()).as(c[0].length() > 40 ? "huge form" : c[0]).isEqualTo(400);
            assertThat(r.body()).contains("\"error\":\"invalid_request\"");
        }
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(server.url("/oauth2/introspect")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void withoutAClientCredentialTheEndpointDoesNotExist(@TempDir Path other) throws Exception {
        try (TestServer plain = TestServer.start(other)) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(plain.url("/oauth2/introspect"))
                    .header("Authorization", Credentials.basic(CLIENT_ID, SECRET))
                    .POST(HttpRequest.BodyPublishers.ofString("token=x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo(plain.get("/no/such/path").body());
        }
    }

    @Test
    void theCredentialSettingsAreChecked(@TempDir Path tmp) throws Exception {
        assertThat(new IntrospectionSettings(Optional.empty(), Optional.empty(), Optional.empty()).credential()).isEmpty();
        assertThatThrownBy(() -> new IntrospectionSettings(Optional.of("id"), Optional.empty(), Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("introspection-client-secret-file");
        assertThatThrownBy(() -> new IntrospectionSettings(Optional.empty(), Optional.empty(), Optional.of(SECRET)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("introspection-client-id");
        assertThatThrownBy(() -> new IntrospectionSettings(Optional.of("id"), Optional.empty(), Optional.of("short")).credential())
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new IntrospectionSettings(Optional.of("id"), Optional.of(tmp.resolve("missing")),
                Optional.empty()).credential()).isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
        assertThat(new IntrospectionSettings(Optional.of("id"), Optional.empty(), Optional.of(SECRET)).toString())
                .doesNotContain(SECRET);
    }

    private static String bobsToken() throws Exception {
        var r = server.soap(org.ewstoken.server.Envelopes.getClientAccessToken("Exchange2013",
                org.ewstoken.server.Envelopes.tokenRequest(ServerTokens.ADDIN, "ExtensionCallback")),
                TestServer.BOB, TestServer.PASSWORD);
        return org.ewstoken.server.SoapResponses.messages(r.body()).get(0).tokenValue();
    }
}
