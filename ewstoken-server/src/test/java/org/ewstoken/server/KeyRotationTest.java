package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.Envelopes.DOCUMENTED_AUDIENCE;
import static org.ewstoken.server.TestServer.ISSUER;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import com.fasterxml.jackson.databind.JsonNode;
import org.ewstoken.server.keys.KeyRing;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.store.Permission;
import org.ewstoken.testkit.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens signed before a rotation or a restart keep verifying against the published metadata. Each
 * test has a server of its own: they assert the whole key ring (how many keys are published, which
 * comes first), which another test's rotation would change.
 */
class KeyRotationTest {

    @TempDir Path dir;

    private static String identityToken(TestServer server) throws Exception {
        var r = server.soap(Envelopes.documented(), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.messages(r.body()).get(0).tokenValue();
    }

    private static String x5t(String token) throws Exception {
        return Jwts.header(token).get("x5t").asText();
    }

    /** Alice and the documented add-in (its task pane the audience), whose identity tokens these tests ask for. */
    private static void addAliceAndTheAddIn(TestServer server) throws Exception {
        server.addUser(TestServer.ALICE);
        server.addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM, DOCUMENTED_AUDIENCE, Set.of(), true, null);
    }

    /** An identity token signed just before a key rotation and one signed just after it. */
    private record Rotated(String before, String after) {
    }

    /** Adds Alice and the add-in, takes a token, rotates the signing key, takes another. */
    private static Rotated rotateBetweenTwoTokens(TestServer server) throws Exception {
        addAliceAndTheAddIn(server);
        String before = identityToken(server);
        server.server().keyRing().rotate();
        return new Rotated(before, identityToken(server));
    }

    private static void assertVerifies(TestServer server, String token) throws Exception {
        X509Certificate cert = server.publishedCertificate(x5t(token));
        assertThat(cert).as("certificate %s published", x5t(token)).isNotNull();
        Jwts.verify(token, cert, DOCUMENTED_AUDIENCE, ISSUER);
    }

    @Test
    void rotationPublishesTheNewKeySignsWithItAndKeepsTheOldOnePublished() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Rotated t = rotateBetweenTwoTokens(server);

            assertThat(x5t(t.after())).isNotEqualTo(x5t(t.before()));
            assertThat(server.metadata().get("keys")).hasSize(2);
            assertVerifies(server, t.before());
            assertVerifies(server, t.after());
        }
    }

    /** What Microsoft's sample validator does: ignore x5t, verify with the metadata document's first key. */
    private static void assertFirstKeyVerifies(TestServer server, String token) throws Exception {
        JsonNode first = server.metadata().get("keys").get(0);
        assertThat(first.get("keyinfo").get("x5t").asText()).as("keys[0] signs now").isEqualTo(x5t(token));
        byte[] der = Base64.getDecoder().decode(first.get("keyvalue").get("value").asText());
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        Jwts.verify(token, cert, DOCUMENTED_AUDIENCE, ISSUER);
    }

    @Test
    void aValidatorTakingTheFirstKeyWorksBeforeDuringAndAfterAPrePublishedRotation() throws Exception {
        TestClock clock = TestClock.now();
        try (TestServer server = TestServer.start(dir, Map.of(), clock)) {
            addAliceAndTheAddIn(server);
            assertFirstKeyVerifies(server, identityToken(server));

            KeyRing.KeyStatus next = server.server().keyRing().rotate(Duration.ofSeconds(2));
            // Published but not signing yet: the old key stays first, the next one is listed after it.
            String during = identityToken(server);
            assertThat(server.metadata().get("keys")).hasSize(2);
            assertThat(server.metadata().get("keys").get(1).get("keyinfo").get("x5t").asText()).isEqualTo(next.keyId());
            assertFirstKeyVerifies(server, during);

            clock.set(next.activatesAt());
            // Signing now, with no key-ring refresh in between: first in the document at once.
            String after = identityToken(server);
            assertThat(x5t(after)).isEqualTo(next.keyId());
            assertFirstKeyVerifies(server, after);
            assertThat(server.metadata().get("keys").get(1).get("keyinfo").get("x5t").asText()).isEqualTo(x5t(during));
            assertVerifies(server, during); // by x5t, the retired key still verifies its tokens
        }
    }

    @Test
    void aRestartServesTheSameKeysAndEarlierTokensStillVerify() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Rotated t = rotateBetweenTwoTokens(server);
            String metadataBefore = server.get("/autodiscover/metadata/json/1").body();

            server.restart();

            assertThat(server.get("/autodiscover/metadata/json/1").body()).isEqualTo(metadataBefore);
            assertVerifies(server, t.before());
            assertVerifies(server, t.after());
            assertThat(x5t(identityToken(server))).isEqualTo(x5t(t.after()));
        }
    }

    @Test
    void aRotationByTheCliIsPickedUpByTheRunningServer() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            addAliceAndTheAddIn(server);
            String before = x5t(identityToken(server));

            CliRunner.Result rotated = CliRunner.run(Map.of(), "", "keys", "rotate", "--now", "--data-dir", dir.toString());
            assertThat(rotated.exitCode()).as(rotated.err()).isZero();
            server.server().keyRing().refresh();

            String after = x5t(identityToken(server));
            assertThat(after).isNotEqualTo(before);
            assertThat(rotated.out()).contains(after);
        }
    }

    @Test
    void theMasterKeyFileIsPrivateAndThePrivateKeyIsNotStoredInTheClear() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Path masterKey = dir.resolve(Installation.MASTER_KEY_FILE);
            assertThat(Files.getPosixFilePermissions(masterKey))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            byte[] pkcs8 = server.server().keyRing().signingKey().privateKey().getEncoded();
            byte[] db = Files.readAllBytes(dir.resolve(Installation.DATABASE_FILE));
            String dbText = new String(db, java.nio.charset.StandardCharsets.ISO_8859_1);
            String b64 = java.util.Base64.getEncoder().encodeToString(pkcs8);
            assertThat(dbText).doesNotContain(b64.substring(0, 64));
        }
    }

}
