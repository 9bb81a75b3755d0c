package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ConsoleSettings;
import org.ewstoken.server.config.LdapSettings;
import org.ewstoken.server.config.Setting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Members of the directory's admins group (ldap-admins-group) administer the console and API; others get 403. */
@Timeout(120)
class DirectoryAdminsTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir static Path dir;
    static Slapd slapd;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        slapd = Slapd.start(dir.resolve("slapd"));
        String olga = slapd.addUser("olga", "olga@example.test", "olga-pw-12");
        slapd.addUser("pete", "pete@example.test", "pete-pw-12");
        slapd.addGroup("ewstoken-admins", olga);
        Map<Setting, String> s = slapd.serverSettings();
        s.put(LdapSettings.LDAP_ADMINS_GROUP, "cn=ewstoken-admins," + Slapd.GROUPS);
        s.put(ConsoleSettings.CONSOLE_ENABLED, "true");
        server = TestServer.start(dir.resolve("server"), s);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (slapd != null) slapd.close();
    }

    @Test
    void aMemberOfTheAdminsGroupAdministers() throws Exception {
        HttpResponse<String> r = get("/api/admin/users", "olga@example.test", "olga-pw-12");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).startsWith("["); // a JSON list of the stored users
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(server.url("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=olga%40example.test&password=olga-pw-12")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/console/overview");
    }

    @Test
    void aDirectoryUserOutsideTheGroupGets403() throws Exception {
        HttpResponse<String> r = get("/api/admin/users", "pete@example.test", "pete-pw-12");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("not an administrator");
    }

    private static HttpResponse<String> get(String path, String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.url(path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
