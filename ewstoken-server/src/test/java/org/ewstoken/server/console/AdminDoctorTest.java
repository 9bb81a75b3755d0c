package org.ewstoken.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's checks through the admin API (asked in memory): the doctor's service, not a copy of it. */
class AdminDoctorTest {

    @TempDir static Path dir;
    static AdminFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new AdminFixture(dir, Map.of(), true);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void theChecksOfEwstokenDoctorRunForAnAdministrator() throws Exception {
        var r = f.asAdmin("GET", "/api/admin/doctor", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = AdminFixture.json(r);
        List<String> names = new ArrayList<>();
        body.path("checks").forEach(c -> names.add(c.path("name").asText()));
        assertThat(names).startsWith("public-url", "amurl", "tls-certificate", "signing-keys", "ldap", "keytab",
                "oidc-discovery");
        JsonNode publicUrl = body.path("checks").get(0);
        assertThat(publicUrl.path("status").asText()).as(publicUrl.toString()).isEqualTo("OK");
        assertThat(publicUrl.path("detail").asText()).contains("serves the metadata document");
        assertThat(body.path("checks").get(4).path("status").asText()).isEqualTo("SKIPPED");
        assertThat(body.path("passed").asBoolean()).isTrue();
    }

    @Test
    void aMailboxThatIsNoAddressIsRefusedAndNonAdministratorsAreNotLetIn() throws Exception {
        var r = f.asAdmin("GET", "/api/admin/doctor?mailbox=" + URLEncoder.encode("a".repeat(400), StandardCharsets.UTF_8), null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("mailbox must be an e-mail address");
        var alice = f.send("GET", "/api/admin/doctor", null, "Authorization",
                org.ewstoken.testkit.Credentials.basic(org.ewstoken.server.TestServer.ALICE, org.ewstoken.server.TestServer.PASSWORD));
        assertThat(alice.statusCode()).isEqualTo(403);
    }
}
