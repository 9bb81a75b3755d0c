package org.ewstoken.server.cluster;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
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
import org.ewstoken.server.Installation;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.config.Setting;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.Permission;
import org.ewstoken.store.PostgresTestDatabase;
import org.ewstoken.store.User;
import org.ewstoken.tokens.MasterKey;

/**
 * Several ewstoken nodes, each its own process, on one PostgreSQL schema with one master key and
 * one public URL (the load balancer's), as docs/deployment.md describes; plus the CLI pointed at
 * the same database, as an operator on one of the nodes would run it.
 */
final class Cluster implements AutoCloseable {

    static final String PUBLIC_HOST = "ewstoken.test";
    static final String ISSUER = "00000002-0000-0ff1-ce00-000000000000@" + PUBLIC_HOST;
    static final String USER = "alice@contoso.com";
    static final String PASSWORD = "correct horse battery";
    static final String ADD_IN = "1c50226d-04b5-4ab2-9fcd-42e236b59e4b";
    static final String AUDIENCE = "https://addin.contoso.com/taskpane.html";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PostgresTestDatabase database;
    private final Path dir;
    private final Map<String, String> env;
    private final List<NodeProcess> nodes = new ArrayList<>();

    private Cluster(PostgresTestDatabase database, Path dir, Map<String, String> env) {
        this.database = database;
        this.dir = dir;
        this.env = env;
    }

    /** A new schema with one user and one add-in, and the settings every node and the CLI share. */
    static Cluster create(Path dir, Map<String, String> settings) throws Exception {
        return create(dir, settings, PostgresTestDatabase.create());
    }

    /** The same on a schema of the caller's (one in a PostgreSQL of its own, say); closing drops it. */
    static Cluster create(Path dir, Map<String, String> settings, PostgresTestDatabase database) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("EWSTOKEN_STORE_URL", database.jdbcUrl());
        env.put("EWSTOKEN_STORE_USER", PostgresTestDatabase.USER);
        env.put("EWSTOKEN_STORE_PASSWORD", PostgresTestDatabase.PASSWORD);
        env.put("EWSTOKEN_MASTER_KEY", MasterKey.generate().toBase64());
        env.put("EWSTOKEN_PUBLIC_URL", "https://" + PUBLIC_HOST);
        env.put("EWSTOKEN_ARGON2_MEMORY_KIB", "1024");
        env.put("EWSTOKEN_ARGON2_ITERATIONS", "1");
        // One test user makes all the load: lift the per-user throttles.
        env.put("EWSTOKEN_USER_BURST", "1000000");
        env.put("EWSTOKEN_USER_RECHARGE_PER_MINUTE", "1000000");
        env.put("EWSTOKEN_USER_MAX_CONCURRENCY", "1000");
        env.putAll(settings);
        Cluster cluster = new Cluster(database, dir, env);
        cluster.seed();
        return cluster;
    }

    private void seed() throws Exception {
        addUserAndAddIn(USER, ADD_IN);
    }

    /** A user (password {@link #PASSWORD}) and an add-in installed for the organisation. */
    void addUserAndAddIn(String smtp, String addInId) throws Exception {
        Map<Setting, String> s = new HashMap<>();
        for (Setting setting : Setting.ALL) {
            String v = env.get(setting.environmentVariable());
            if (v != null) s.put(setting, v);
        }
        s.put(CoreSettings.DATA_DIR, dir.resolve("admin").toString());
        try (Installation inst = Installation.open(ServerConfig.defaults(s))) {
            inst.store().addUser(new User(smtp, smtp, UUID.randomUUID(),
                    inst.passwordHasher().hash(PASSWORD.toCharArray()), Instant.now()));
            inst.store().addAddIn(new AddIn(addInId, "Contoso", Permission.READ_ITEM, AUDIENCE, Set.of(), true,
                    InstallScope.ORGANIZATION, null, Instant.now()));
        }
    }

    NodeProcess start(String name) throws Exception {
        // Its sessions carry its name (a URL parameter wins over the store's own ApplicationName), so that
        // a test can see in pg_stat_activity when PostgreSQL has ended a killed node's sessions.
        Map<String, String> nodeEnv = new HashMap<>(env);
        nodeEnv.put("EWSTOKEN_STORE_URL", database.jdbcUrl() + "&ApplicationName=" + name);
        NodeProcess node = NodeProcess.start(name, nodeEnv, dir);
        nodes.add(node);
        return node;
    }

    /** Runs the command line against the cluster's database, as an operator on a node would. */
    CliRunner.Result cli(String... args) {
        Map<String, String> cliEnv = new HashMap<>(env);
        cliEnv.put("EWSTOKEN_DATA_DIR", dir.resolve("admin").toString());
        return CliRunner.run(cliEnv, "", args);
    }

    PostgresTestDatabase database() {
        return database;
    }

    /** The x5t values a node's metadata document publishes, and their certificates. */
    static Map<String, X509Certificate> published(NodeProcess node) throws Exception {
        var r = node.get("/autodiscover/metadata/json/1");
        if (r.statusCode() != 200) throw new IllegalStateException("metadata answered " + r.statusCode());
        Map<String, X509Certificate> out = new HashMap<>();
        for (JsonNode key : JSON.readTree(r.body()).get("keys")) {
            byte[] der = Base64.getDecoder().decode(key.get("keyvalue").get("value").asText());
            out.put(key.get("keyinfo").get("x5t").asText(), (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der)));
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (NodeProcess n : nodes) n.close();
        database.close();
    }
}
