package org.ewstoken.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.config.Setting;
import org.ewstoken.store.Permission;

/**
 * A real server with Alice, the documented add-in (audience {@link #ADDIN_URL}, back end {@link #BACKEND}) whose
 * client secret is {@link #secret}, and a second add-in; helpers to get tokens over EWS and exchange them over HTTP.
 */
record ExchangeFixture(TestServer server, String secret, String otherSecret) implements AutoCloseable {

    static final String ADDIN = Envelopes.DOCUMENTED_ADDIN.toLowerCase();
    static final String ADDIN_URL = "https://addin.contoso.com/taskpane.html";
    static final String OTHER = "9e2b4a61-0c3d-4f5e-8a7b-1c2d3e4f5a6b";
    static final String OTHER_URL = "https://other.fabrikam.com/pane.html";
    static final String BACKEND = "https://api.contoso.com/";
    static final String IDENTITY_ISSUER = "00000002-0000-0ff1-ce00-000000000000@127.0.0.1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    static ExchangeFixture start(Path dir) throws Exception {
        return start(dir, Map.of(), Set.of());
    }

    static ExchangeFixture start(Path dir, Map<Setting, String> settings, Set<String> scopes) throws Exception {
        TestServer server = TestServer.start(dir, settings);
        server.addUser(TestServer.ALICE);
        server.addAddIn(ADDIN, Permission.READ_ITEM, ADDIN_URL, scopes, true, null);
        server.addAddIn(OTHER, Permission.READ_ITEM, OTHER_URL, Set.of(), true, null);
        AddInClientAdmin clients = clients(server);
        clients.setBackendAudience(Actor.commandLine(), ADDIN, BACKEND);
        clients.setBackendAudience(Actor.commandLine(), OTHER, "https://api.fabrikam.com/");
        return new ExchangeFixture(server, clients.newSecret(Actor.commandLine(), ADDIN),
                clients.newSecret(Actor.commandLine(), OTHER));
    }

    static AddInClientAdmin clients(TestServer server) {
        return AdminServices.over(server.server().installation(), null, Clock.systemUTC()).clients();
    }

    String issuer() {
        return server.url("").toString();
    }

    String jwksUri() {
        return server.url(ServerUrls.KEYS).toString();
    }

    /** A token of {@code type} for {@code addIn}, asked by Alice over EWS. */
    String token(String addIn, String type) throws Exception {
        var r = server.soap(Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(addIn, type)),
                TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.messages(r.body()).get(0).tokenValue();
    }

    String identityToken() throws Exception {
        return token(ADDIN, "CallerIdentity");
    }

    /** The form of a well-formed exchange of {@code subjectToken}. */
    static Map<String, String> form(String subjectToken) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", TokenExchange.GRANT_TYPE);
        f.put("subject_token", subjectToken);
        f.put("subject_token_type", TokenExchange.JWT);
        return f;
    }

    /** POSTs the form to the token endpoint, authenticated with HTTP Basic unless {@code basicId} is null. */
    HttpResponse<String> post(Map<String, String> form, String basicId, String basicSecret) throws Exception {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url(ServerUrls.TOKEN))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basicId != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (enc(basicId) + ":" + enc(basicSecret)).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Exchanges with the add-in's own credentials over Basic, and returns the access token. */
    String exchange(String subjectToken) throws Exception {
        HttpResponse<String> r = post(form(subjectToken), ADDIN, secret);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("access_token").asText();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    URI url(String path) {
        return server.url(path);
    }

    @Override
    public void close() {
        server.close();
    }
}
