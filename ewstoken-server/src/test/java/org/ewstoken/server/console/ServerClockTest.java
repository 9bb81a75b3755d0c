package org.ewstoken.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.Installation;
import org.ewstoken.server.TestServer;
import org.ewstoken.testkit.Credentials;
import org.ewstoken.testkit.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22.5: every time the server writes (users, add-ins and the store's own update stamp, admin events,
 * the audit log, keys, API keys, mailbox choices) is its clock's, not the machine's. The clock stands
 * nine days ahead of the machine, so a time read from the machine anywhere shows.
 */
class ServerClockTest {

    static final String CRM = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(9)).plusMillis(123);
    static final TestClock CLOCK = TestClock.at(START);

    @TempDir static Path dir;
    static AdminFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new AdminFixture(dir.resolve("server"), Map.of(), false, CLOCK);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void theFirstSigningKeyIsMadeAtTheServersTime() throws Exception {
        JsonNode keys = AdminFixture.json(f.asAdmin("GET", "/api/admin/keys", null));
        assertThat(keys.path("keys").path(0).path("createdAt").asText()).isEqualTo(START.toString());
    }

    @Test
    void aUserAndItsAdminEventAreStampedWithTheServersTime() throws Exception {
        Instant at = CLOCK.instant();
        HttpResponse<String> added = f.asAdmin("POST", "/api/admin/users",
                "{\"smtp\":\"carol@contoso.com\",\"displayName\":\"Carol\",\"password\":\"long enough 1\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(AdminFixture.json(added).path("createdAt").asText()).isEqualTo(at.toString());
        JsonNode events = AdminFixture.json(f.asAdmin("GET", "/api/admin/events?limit=50", null)).path("items");
        assertThat(events.findValues("target").stream().map(JsonNode::asText)).contains("carol@contoso.com");
        for (JsonNode e : events) {
            if (e.path("target").asText().equals("carol@contoso.com")) assertThat(e.path("at").asText()).isEqualTo(at.toString());
        }
    }

    @Test
    void anInstalledAddInItsStoredUpdateTimeATokensAuditRecordAndAMailboxChoiceFollowTheServersClock() throws Exception {
        CLOCK.advance(Duration.ofHours(1));
        Instant installedAt = CLOCK.instant();
        byte[] manifest = Files.readAllBytes(Path.of("..", "examples", "contoso-crm-manifest.xml"));
        HttpResponse<String> installed = f.send("POST", "/api/admin/addins", new String(manifest), "Authorization",
                Credentials.basic(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(201);
        assertThat(AdminFixture.json(installed).path("addIn").path("createdAt").asText()).isEqualTo(installedAt.toString());
        assertThat(storedUpdateTime(CRM)).isEqualTo(installedAt.toEpochMilli()); // stamped by the store itself

        CLOCK.advance(Duration.ofMinutes(5));
        Instant issuedAt = CLOCK.instant();
        HttpResponse<String> token = f.server.soap(Envelopes.getClientAccessToken(null,
                Envelopes.tokenRequest(CRM, "CallerIdentity")), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(token.body()).contains("NoError");
        JsonNode record = null;
        for (int i = 0; i < 300 && record == null; i++) { // the audit writer stores in the background
            JsonNode items = AdminFixture.json(f.asAdmin("GET", "/api/admin/audit?limit=10", null)).path("items");
            if (!items.isEmpty()) record = items.get(0);
            else Thread.sleep(100);
        }
        assertThat(record).as("audit record").isNotNull();
        assertThat(record.path("issuedAt").asText()).isEqualTo(issuedAt.toString());

        CLOCK.advance(Duration.ofMinutes(5));
        Instant disabledAt = CLOCK.instant();
        assertThat(f.asAdmin("POST", "/api/admin/addins/" + CRM + "/disable?user=" + TestServer.ALICE, null)
                .statusCode()).isEqualTo(204);
        Installation inst = f.server.server().installation();
        assertThat(inst.store().findAddInFor(CRM, TestServer.ALICE).orElseThrow().choice().at())
                .isEqualTo(disabledAt);
    }

    @Test
    void anApiKeyIsMadeAtTheServersTime() throws Exception {
        Instant at = CLOCK.instant();
        HttpResponse<String> made = f.asAdmin("POST", "/api/admin/api-keys", "{\"name\":\"script\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(AdminFixture.json(made).path("key").path("createdAt").asText()).isEqualTo(at.toString());
    }

    /** add_ins.updated_at, which no API shows: read from the SQLite file, beside the server. */
    private static long storedUpdateTime(String addInId) throws Exception {
        Path db = f.server.dataDir().resolve(Installation.DATABASE_FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT updated_at FROM add_ins WHERE id = '" + addInId + "'")) {
            assertThat(rs.next()).as("add-in row").isTrue();
            return rs.getLong(1);
        }
    }
}
