package org.ewstoken.server.console;

import org.ewstoken.server.config.ListenerSettings;
import org.ewstoken.server.config.ConsoleSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.ewstoken.testkit.TestTls;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.testkit.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** console-enabled is off unless set; admin-port gives the console its own listener and takes it off the main one. */
class ConsoleListenerTest {

    @TempDir Path dir;

    @Test
    void theConsoleIsOffUnlessEnabled() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            assertThat(server.server().consoleUrl()).isNull();
            assertThat(server.get("/api/admin/users").statusCode()).isEqualTo(404);
            assertThat(server.get("/console/login").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aSeparateAdminListenerServesTheConsoleAndNothingElse() throws Exception {
        try (AdminFixture f = new AdminFixture(dir, Map.of(ConsoleSettings.ADMIN_PORT, "0"))) {
            URI console = f.server.server().consoleUrl();
            assertThat(console.getPort()).isNotEqualTo(f.server.server().port());
            assertThat(f.server.get("/console/login").statusCode()).isEqualTo(404); // main listener
            assertThat(f.server.get("/api/admin/openapi.json").statusCode()).isEqualTo(404);
            HttpResponse<String> login = get(console.resolve("/console/login"));
            assertThat(login.statusCode()).isEqualTo(200);
            HttpResponse<String> users = AdminFixture.HTTP.send(HttpRequest.newBuilder(console.resolve("/api/admin/users"))
                    .header("Authorization", Credentials.basic(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(get(console.resolve("/autodiscover/metadata/json/1")).statusCode()).isEqualTo(404);
            assertThat(f.server.get("/autodiscover/metadata/json/1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void overTlsTheSessionCookieIsSecureAndHostOnly() throws Exception {
        SigningKey key = SigningKeys.generate("localhost", Duration.ofDays(30), Clock.systemUTC());
        String pem = TestTls.pem(key.certificate(), key.privateKey());
        Path cert = Files.writeString(dir.resolve("server.pem"), pem);
        try (AdminFixture f = new AdminFixture(dir.resolve("server"), Map.of(ListenerSettings.HTTPS_PORT, "0",
                ListenerSettings.TLS_CERTIFICATE, cert.toString()))) {
            SSLContext tls = TestTls.trusting(key.certificate());
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
            URI base = URI.create("https://localhost:" + f.server.server().httpsPort());
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(base.resolve("/console/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + AdminFixture.ADMIN.replace("@", "%40")
                            + "&password=" + AdminFixture.ADMIN_PASSWORD.replace(" ", "+"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("__Host-ewstoken-console=")
                    .contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/");
        }
    }

    @Test
    void adminBindWithoutAdminPortIsAConfigurationError() {
        assertThatThrownBy(() -> ServerConfig.defaults(Map.of(ConsoleSettings.ADMIN_BIND, "127.0.0.1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("admin-port");
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return AdminFixture.HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
