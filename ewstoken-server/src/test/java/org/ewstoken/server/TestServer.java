package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.config.Setting;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.Permission;
import org.ewstoken.store.User;
import org.ewstoken.testkit.ClassFixture;
import org.ewstoken.testkit.Credentials;

/**
 * A real server on an ephemeral port over a real SQLite file, and an HTTP client to talk to it.
 * A test class that can share one server registers {@link #perClass()}; a test that needs its own
 * (fresh keys, other settings, a restart) calls {@link #start(Path, Map)} and closes it.
 */
public final class TestServer extends ClassFixture {

    public static final String ALICE = "alice@contoso.com";
    public static final String BOB = "bob@contoso.com";
    public static final String PASSWORD = "correct horse battery";
    /** Who signs a test server's tokens: Exchange's principal at the host its URLs name, 127.0.0.1. */
    public static final String ISSUER = "00000002-0000-0ff1-ce00-000000000000@127.0.0.1";
    /** The add-in most tests ask tokens for. */
    public static final String CRM = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    /** What a test class needs in its server before the first test: users, add-ins. */
    @FunctionalInterface
    public interface Setup {
        void on(TestServer server) throws Exception;
    }

    /** Alice, who signs in with {@link #PASSWORD}. */
    public static final Setup USER_ALICE = s -> s.addUser(ALICE);

    /** Alice, and the CRM add-in (ReadItem, enabled, for the whole organisation). */
    public static final Setup ALICE_AND_CRM = s -> {
        s.addUser(ALICE);
        s.addAddIn(CRM, Permission.READ_ITEM, "https://crm.example/read.html", Set.of(), true, null);
    };

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Setting, String> settings;
    private final List<Setup> setups = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private boolean inMemory;
    private Path dataDir;
    private EwsTokenServer server;
    private LocalHttp local;

    private TestServer(Map<Setting, String> extra) {
        this.settings = new HashMap<>();
        settings.put(CoreSettings.PORT, "0");
        settings.put(CoreSettings.ARGON2_MEMORY_KIB, "1024"); // cheap Argon2 so tests stay fast
        settings.put(CoreSettings.ARGON2_ITERATIONS, "1");
        settings.putAll(extra);
    }

    /** One server for the whole test class, started before its {@code @BeforeAll} methods. */
    public static TestServer perClass() {
        return perClass(Map.of());
    }

    public static TestServer perClass(Map<Setting, String> extra) {
        return new TestServer(extra);
    }

    /** Runs {@code setup} on the server once it has started. */
    public TestServer with(Setup setup) {
        setups.add(setup);
        return this;
    }

    /** The server's clock (tokens, keys, throttles) is this one, which the test moves by hand. */
    public TestServer clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * {@link #soap}, {@link #get} and {@link #send} talk to the server in memory ({@link LocalHttp}):
     * for tests of what it answers, where the wire adds nothing. {@link #url} still names its socket.
     */
    public TestServer inMemory() {
        this.inMemory = true;
        return this;
    }

    @Override
    protected void open(Path dir) throws Exception {
        dataDir = dir;
        settings.put(CoreSettings.DATA_DIR, dir.toString());
        launch();
        for (Setup s : setups) s.on(this);
    }

    private void launch() throws Exception {
        server = EwsTokenServer.start(Installation.open(ServerConfig.defaults(settings), clock));
        local = inMemory ? LocalHttp.attach(server) : null;
    }

    /** Starts this server (as configured so far) in {@code dir}, for a holder other than JUnit; close it after. */
    public TestServer openIn(Path dir) throws Exception {
        open(dir);
        return this;
    }

    /** Starts a server on a fresh data dir; cheap Argon2 so tests stay fast. */
    public static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    public static TestServer start(Path dataDir, Map<Setting, String> extra) throws Exception {
        return start(dataDir, extra, Clock.systemUTC());
    }

    /** A server of its own on {@code clock} (see {@link #clock}). */
    public static TestServer start(Path dataDir, Map<Setting, String> extra, Clock clock) throws Exception {
        TestServer t = new TestServer(extra).clock(clock);
        t.open(dataDir);
        return t;
    }

    /** Stops and starts again on the same data directory (and so the same keys and users). */
    public void restart() throws Exception {
        int port = server.port();
        server.close();
        settings.put(CoreSettings.PORT, Integer.toString(port)); // same public URL, so the same metadata document
        launch();
    }

    public EwsTokenServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public User addUser(String smtp) throws Exception {
        User u = new User(smtp, smtp, UUID.randomUUID(),
                server.installation().passwordHasher().hash(PASSWORD.toCharArray()), Instant.now());
        server.installation().store().addUser(u);
        return u;
    }

    public AddIn addAddIn(String id, Permission permission, String audience, Set<String> scopes, boolean enabled,
                          String owner) throws Exception {
        AddIn a = new AddIn(id, "Add-in " + id.substring(0, 8), permission, audience, scopes, enabled,
                owner == null ? InstallScope.ORGANIZATION : InstallScope.USER, owner, Instant.now());
        server.installation().store().addAddIn(a);
        return a;
    }

    public HttpResponse<String> soap(String envelope, String user, String password) throws Exception {
        return soap(envelope, user, password, "/EWS/Exchange.asmx");
    }

    public HttpResponse<String> soap(String envelope, String user, String password, String path) throws Exception {
        return user == null
                ? send("POST", path, envelope, "Content-Type", "text/xml; charset=utf-8")
                : send("POST", path, envelope, "Content-Type", "text/xml; charset=utf-8",
                        "Authorization", Credentials.basic(user, password));
    }

    public HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    /** One request ({@code headers} as name, value pairs), over the socket or in memory (see {@link #inMemory}). */
    public HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        if (local != null) {
            Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headers.length; i += 2) {
                fields.computeIfAbsent(headers[i], n -> new ArrayList<>()).add(headers[i + 1]);
            }
            return local.exchange(method, url(path), bytes, fields);
        }
        // Generous: on a loaded 2-core machine a first sign-in (Argon2, key loading) can take long.
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(120))
                .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public JsonNode metadata() throws Exception {
        HttpResponse<String> r = get("/autodiscover/metadata/json/1");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The certificate the metadata document publishes under this x5t, or null. */
    public X509Certificate publishedCertificate(String x5t) throws Exception {
        for (JsonNode key : metadata().get("keys")) {
            if (key.get("keyinfo").get("x5t").asText().equals(x5t)) {
                byte[] der = Base64.getDecoder().decode(key.get("keyvalue").get("value").asText());
                return (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der));
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.close();
    }
}
