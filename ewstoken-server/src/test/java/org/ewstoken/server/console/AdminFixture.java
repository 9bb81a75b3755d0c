package org.ewstoken.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.config.ConsoleSettings;
import org.ewstoken.server.config.Setting;
import org.ewstoken.testkit.Credentials;

/** A running server with the console on, an administrator and a plain user, and HTTP helpers. */
final class AdminFixture implements AutoCloseable {

    static final String ADMIN = "root@contoso.com";
    static final String ADMIN_PASSWORD = "admin password 1";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final TestServer server;

    AdminFixture(Path dir, Map<Setting, String> extra) throws Exception {
        this(dir, extra, false);
    }

    /** @param inMemory requests go through a LocalConnector ({@link TestServer#inMemory}), not the socket */
    AdminFixture(Path dir, Map<Setting, String> extra, boolean inMemory) throws Exception {
        this(dir, extra, inMemory, Clock.systemUTC());
    }

    /** @param clock the server's clock ({@link TestServer#clock}) */
    AdminFixture(Path dir, Map<Setting, String> extra, boolean inMemory, Clock clock) throws Exception {
        Map<Setting, String> s = new HashMap<>(extra);
        s.put(ConsoleSettings.CONSOLE_ENABLED, "true");
        TestServer t = TestServer.perClass(s).clock(clock);
        server = (inMemory ? t.inMemory() : t).openIn(dir);
        AdminServices.over(server.server().installation(), null, clock).users()
                .add(new Actor("test", "local"), ADMIN, "Root", ADMIN_PASSWORD.toCharArray(), true);
        server.addUser(TestServer.ALICE);
    }


    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        if (body == null) return server.send(method, path, null, headers);
        String[] json = Arrays.copyOf(new String[] {"Content-Type", "application/json"}, 2 + headers.length);
        System.arraycopy(headers, 0, json, 2, headers.length);
        return server.send(method, path, body, json);
    }

    HttpResponse<String> asAdmin(String method, String path, String body) throws Exception {
        return send(method, path, body, "Authorization", Credentials.basic(ADMIN, ADMIN_PASSWORD));
    }

    /** Signs in through the form; the session cookie's name=value. */
    HttpResponse<String> login(String user, String password) throws Exception {
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return server.send("POST", "/console/login", form, "Content-Type", "application/x-www-form-urlencoded");
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    URI url(String path) {
        return server.url(path);
    }

    @Override
    public void close() {
        server.close();
    }
}
