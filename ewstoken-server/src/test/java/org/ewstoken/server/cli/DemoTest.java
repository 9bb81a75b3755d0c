package org.ewstoken.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.EwsTokenServer;
import org.ewstoken.server.Installation;
import org.ewstoken.server.Jwts;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.testkit.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the README promises: the demo server answers the example request with a verifiable token. */
class DemoTest {

    @TempDir Path dir;

    @Test
    void theDemoPasswordsHashesMadeOnceVerifyTheirPasswordsOnly() {
        var hasher = new org.ewstoken.server.auth.PasswordHasher(19456, 2);
        assertThat(hasher.verify(ServeCommand.DEMO_PASSWORD.toCharArray(), ServeCommand.DEMO_PASSWORD_HASH)).isTrue();
        assertThat(hasher.verify(ServeCommand.DEMO_ADMIN_PASSWORD.toCharArray(), ServeCommand.DEMO_ADMIN_PASSWORD_HASH))
                .isTrue();
        assertThat(hasher.verify(ServeCommand.DEMO_ADMIN_PASSWORD.toCharArray(), ServeCommand.DEMO_PASSWORD_HASH)).isFalse();
        assertThat(hasher.verify("demo-passw0rd".toCharArray(), ServeCommand.DEMO_PASSWORD_HASH)).isFalse();
    }

    @Test
    void theReadmeExampleRequestGetsAVerifiableIdentityTokenFromTheDemoServer() throws Exception {
        Installation inst = Installation.open(ServerConfig.defaults(Map.of(CoreSettings.PORT, "0",
                CoreSettings.DATA_DIR, dir.toString())));
        ServeCommand.seedDemo(inst);
        ServeCommand.seedDemo(inst); // idempotent
        try (EwsTokenServer server = EwsTokenServer.start(inst)) {
            byte[] example = Files.readAllBytes(Path.of("..", "examples", "get-client-access-token.xml"));
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/EWS/Exchange.asmx"))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("Authorization", Credentials.basic(ServeCommand.DEMO_USER, ServeCommand.DEMO_PASSWORD))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(example)).build();
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            var message = SoapResponses.messages(r.body()).get(0);
            assertThat(message.responseCode()).isEqualTo("NoError");
            String token = message.tokenValue();
            var cert = server.keyRing().snapshot().published().stream()
                    .filter(c -> org.ewstoken.tokens.SigningKeys.thumbprint(c).equals(headerX5t(token)))
                    .findFirst().orElseThrow();
            Jwts.verify(token, cert, ServeCommand.DEMO_AUDIENCE,
                    "00000002-0000-0ff1-ce00-000000000000@127.0.0.1");

            // And 'ewstoken token validate' (the ewstoken-validation library) accepts it, fetching the metadata itself.
            CliRunner.Result validated = CliRunner.run(Map.of(), "", "token", "validate", token,
                    "--audience", ServeCommand.DEMO_AUDIENCE, "--trust", "127.0.0.1:" + server.port(), "--allow-http");
            assertThat(validated.exitCode()).as(validated.err()).isZero();
            assertThat(validated.out()).contains("valid identity token");
        }
    }

    private static String headerX5t(String token) {
        try {
            return Jwts.header(token).get("x5t").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
