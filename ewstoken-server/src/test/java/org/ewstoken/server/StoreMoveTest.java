package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.Envelopes.DOCUMENTED_AUDIENCE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.StoreSettings;
import org.ewstoken.store.Permission;
import org.ewstoken.store.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole installation moves from the embedded SQLite store to PostgreSQL with {@code store export}
 * and {@code store import}, and the server on PostgreSQL then serves the same users, add-ins,
 * keys and metadata document; and back again.
 */
class StoreMoveTest {

    @TempDir Path dir;
    PostgresTestDatabase postgres;

    @BeforeEach
    void database() {
        postgres = PostgresTestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        if (postgres != null) postgres.close();
    }

    /** The environment that points the CLI at this test's PostgreSQL schema. */
    Map<String, String> postgresEnv(Path dataDir) {
        Map<String, String> env = new HashMap<>(Map.of("EWSTOKEN_STORE_URL", postgres.jdbcUrl(),
                "EWSTOKEN_STORE_USER", PostgresTestDatabase.USER,
                "EWSTOKEN_STORE_PASSWORD", PostgresTestDatabase.PASSWORD));
        env.put("EWSTOKEN_DATA_DIR", dataDir.toString());
        return env;
    }

    static CliRunner.Result ok(Map<String, String> env, String... args) {
        CliRunner.Result r = CliRunner.run(env, "", args);
        assertThat(r.exitCode()).as("%s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    @Test
    void anInstallationMovesToPostgresqlAndBackAndServesTheSameKeysAndDocument() throws Exception {
        Path sqliteDir = dir.resolve("sqlite");
        String metadataBefore;
        String tokenBefore;
        try (TestServer server = TestServer.start(sqliteDir)) {
            server.addUser(TestServer.ALICE);
            server.addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM, DOCUMENTED_AUDIENCE, Set.of(), true, null);
            server.server().keyRing().rotate(java.time.Duration.ZERO);
            metadataBefore = server.get("/autodiscover/metadata/json/1").body();
            tokenBefore = identityToken(server);
        }
        Path file = dir.resolve("installation.json");
        CliRunner.Result exported = ok(Map.of("EWSTOKEN_DATA_DIR", sqliteDir.toString()), "store", "export", file.toString());
        assertThat(exported.out()).contains("users 1", "add_ins 1", "signing_keys 2");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        // The PostgreSQL node keeps its master key elsewhere: the one the keys were sealed with.
        Path nodeDir = dir.resolve("node");
        Files.createDirectories(nodeDir);
        Files.copy(sqliteDir.resolve(Installation.MASTER_KEY_FILE), nodeDir.resolve(Installation.MASTER_KEY_FILE));
        CliRunner.Result imported = ok(postgresEnv(nodeDir), "store", "import", file.toString());
        assertThat(imported.out()).contains("PostgreSQL database", "users 1", "signing_keys 2");

        try (TestServer server = TestServer.start(nodeDir, Map.of(StoreSettings.STORE_URL, postgres.jdbcUrl(),
                StoreSettings.STORE_USER, PostgresTestDatabase.USER, StoreSettings.STORE_PASSWORD, PostgresTestDatabase.PASSWORD,
                CoreSettings.PORT, portOf(metadataBefore)))) {
            assertThat(server.get("/autodiscover/metadata/json/1").body()).isEqualTo(metadataBefore);
            String token = identityToken(server); // alice's password hash and the add-in came along
            assertThat(Jwts.header(token).get("x5t").asText()).isEqualTo(Jwts.header(tokenBefore).get("x5t").asText());
        }

        Path backDir = dir.resolve("back");
        Files.createDirectories(backDir);
        Path again = dir.resolve("again.json");
        ok(postgresEnv(nodeDir), "store", "export", again.toString());
        Map<String, String> backEnv = Map.of("EWSTOKEN_DATA_DIR", backDir.toString(), "EWSTOKEN_MASTER_KEY_FILE",
                sqliteDir.resolve(Installation.MASTER_KEY_FILE).toString());
        CliRunner.Result back = ok(backEnv, "store", "import", again.toString());
        assertThat(back.out()).contains("SQLite database", "opens every imported signing key");
        assertThat(ok(backEnv, "keys", "list").out()).contains(Jwts.header(tokenBefore).get("x5t").asText());
    }

    @Test
    void importRefusesADatabaseThatAlreadyHoldsAnInstallation() throws Exception {
        Path sqliteDir = dir.resolve("sqlite");
        ok(Map.of("EWSTOKEN_DATA_DIR", sqliteDir.toString(), "EWSTOKEN_ARGON2_MEMORY_KIB", "1024"),
                "keys", "list"); // creates the first key
        Path file = dir.resolve("installation.json");
        ok(Map.of("EWSTOKEN_DATA_DIR", sqliteDir.toString()), "store", "export", file.toString());

        CliRunner.Result second = CliRunner.run(Map.of("EWSTOKEN_DATA_DIR", sqliteDir.toString()), "",
                "store", "import", file.toString());
        CliRunner.Result overwrite = CliRunner.run(Map.of("EWSTOKEN_DATA_DIR", sqliteDir.toString()), "",
                "store", "export", file.toString());

        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).contains("not empty");
        assertThat(overwrite.exitCode()).isEqualTo(1);
        assertThat(overwrite.err()).contains("exists already");
    }

    @Test
    void migrateAppliesTheSchemaOnceAndThenReportsItCurrent() {
        Path nodeDir = dir.resolve("node");

        CliRunner.Result first = ok(postgresEnv(nodeDir), "migrate");
        CliRunner.Result second = ok(postgresEnv(nodeDir), "migrate");

        assertThat(first.out()).contains("PostgreSQL database jdbc:postgresql:", "applied").doesNotContain("password");
        assertThat(second.out()).contains("schema already at version");
    }

    @Test
    void withMigrateOnStartOffAnOutdatedDatabaseIsRefusedUntilMigrated() {
        Path nodeDir = dir.resolve("node");
        Map<String, String> env = new HashMap<>(postgresEnv(nodeDir));
        env.put("EWSTOKEN_MIGRATE_ON_START", "false");

        CliRunner.Result refused = CliRunner.run(env, "", "users", "list");
        ok(env, "migrate");
        CliRunner.Result after = CliRunner.run(env, "", "users", "list");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("ewstoken migrate");
        assertThat(after.exitCode()).as(after.err()).isZero();
    }

    private static String identityToken(TestServer server) throws Exception {
        var r = server.soap(Envelopes.documented(), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.messages(r.body()).get(0).tokenValue();
    }

    /** The metadata document names the server's URL: serve it on the same port to compare documents. */
    private static String portOf(String metadata) {
        return metadata.replaceAll("(?s).*?127\\.0\\.0\\.1:(\\d+).*", "$1");
    }
}
