package org.ewstoken.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.config.Setting;
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
        try (AdminFixture f = new AdminFixture(dir, Map.of(Setting.ADMIN_PORT, "0"))) {
            URI console = f.server.server().consoleUrl();
            assertThat(console.getPort()).isNotEqualTo(f.server.server().port());
            assertThat(f.server.get("/console/login").statusCode()).isEqualTo(404); // main listener
            assertThat(f.server.get("/api/admin/openapi.json").statusCode()).isEqualTo(404);
            HttpResponse<String> login = get(console.resolve("/console/login"));
            assertThat(login.statusCode()).isEqualTo(200);
            HttpResponse<String> users = AdminFixture.HTTP.send(HttpRequest.newBuilder(console.resolve("/api/admin/users"))
                    .header("Authorization", AdminFixture.basic(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(get(console.resolve("/autodiscover/metadata/json/1")).statusCode()).isEqualTo(404);
            assertThat(f.server.get("/autodiscover/metadata/json/1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void adminBindWithoutAdminPortIsAConfigurationError() {
        assertThatThrownBy(() -> ServerConfig.defaults(Map.of(Setting.ADMIN_BIND, "127.0.0.1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("admin-port");
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return AdminFixture.HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
