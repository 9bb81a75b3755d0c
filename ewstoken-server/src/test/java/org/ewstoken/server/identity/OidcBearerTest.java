package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.Jwts;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.OidcSettings;
import org.ewstoken.store.Permission;
import org.ewstoken.validation.CallbackTokenKind;
import org.ewstoken.validation.CallbackTokenValidator;
import org.ewstoken.validation.KeySource;
import org.ewstoken.validation.MetadataClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer access tokens from a real OpenID Connect provider running in the test (NAV's
 * mock-oauth2-server, a complete OIDC server made for tests: discovery, JWKS, signed tokens).
 * Accepted: a token for ewstoken's audience. Refused: another audience, expired, badly signed,
 * another issuer, alg none, HS256 keyed with the public key, and ewstoken's own callback tokens,
 * which in turn never validate from the provider's tokens.
 */
@Timeout(120)
class OidcBearerTest {

    static final String AUDIENCE = "ewstoken-api";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir static Path dir;
    static MockOAuth2Server idp;
    static RSAKey firstKey;
    static int idpPort;
    static TestServer server;
    static String issuer;

    @BeforeAll
    static void start() throws Exception {
        idpPort = Slapd.freePort();
        firstKey = new RSAKeyGenerator(2048).keyID("first").generate();
        idp = provider(firstKey);
        issuer = "http://localhost:" + idpPort + "/default";
        assertThat(idp.issuerUrl("default").toString()).startsWith("http://");
        server = TestServer.start(dir.resolve("server"), Map.of(OidcSettings.OIDC_ISSUER, issuer,
                OidcSettings.OIDC_AUDIENCE, AUDIENCE + ",another-id", OidcSettings.OIDC_JWKS_CACHE_TTL, "2s",
                OidcSettings.OIDC_CLOCK_SKEW, "1s"));
        server.addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM, "https://addin.example/app.html",
                Set.of(), true, null);
    }

    /** The provider on its port, signing with {@code key} (its bundled default keys are the same every run). */
    static MockOAuth2Server provider(RSAKey key) throws Exception {
        MockOAuth2Server p = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(new KeyProvider(List.of(key), "RS256"))));
        p.start(java.net.InetAddress.getLoopbackAddress(), idpPort);
        return p;
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (idp != null) idp.shutdown();
    }

    static String token(String issuerId, String subject, String audience, Map<String, Object> claims, long expirySeconds) {
        return idp.issueToken(issuerId, subject, audience, claims, expirySeconds).serialize();
    }

    static HttpResponse<String> bearer(String token) throws Exception {
        // A client per request: the server may close a connection after a 401 it answered before the body.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(server.url("/EWS/Exchange.asmx")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "text/xml; charset=utf-8").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(Envelopes.documented(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String msexchuid(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<SoapResponses.Message> m = SoapResponses.messages(r.body());
        assertThat(m.get(0).responseCode()).isEqualTo("NoError");
        return new ObjectMapper().readTree(Jwts.payload(m.get(0).tokenValue()).get("appctx").asText())
                .get("msexchuid").asText();
    }

    @Test
    void anAccessTokenForEwstokensAudienceGetsAnIdentityToken() throws Exception {
        String t = token("default", "sub-alice", AUDIENCE, Map.of("email", "Alice@Example.test", "name", "Alice"), 3600);

        String uid = msexchuid(bearer(t));

        UUID expected = UUID.nameUUIDFromBytes((issuer + "\0sub-alice").getBytes(StandardCharsets.UTF_8));
        assertThat(uid).isEqualTo(expected.toString());
        assertThat(server.server().installation().store().findUser("alice@example.test").orElseThrow().displayName())
                .isEqualTo("Alice");
        // The address changes at the provider, the subject does not: the same mailbox, renamed.
        String renamed = token("default", "sub-alice", AUDIENCE, Map.of("email", "alice.smith@example.test"), 3600);
        assertThat(msexchuid(bearer(renamed))).isEqualTo(uid);
    }

    @Test
    void wrongAudienceExpiredAnotherIssuerAndUnverifiedEmailAreRefused() throws Exception {
        Map<String, Object> bob = Map.of("email", "bob@example.test");
        assertThat(bearer(token("default", "sub-bob", "some-other-api", bob, 3600)).statusCode()).isEqualTo(401);
        assertThat(bearer(token("default", "sub-bob", AUDIENCE, bob, -120)).statusCode()).isEqualTo(401);
        assertThat(bearer(token("other", "sub-bob", AUDIENCE, bob, 3600)).statusCode()).isEqualTo(401);
        assertThat(bearer(token("default", "sub-bob", AUDIENCE, Map.of("email", "bob@example.test",
                "email_verified", false), 3600)).statusCode()).isEqualTo(401);
        assertThat(bearer(token("default", "sub-bob", AUDIENCE, Map.of("upn", "bob@example.test"), 3600)).statusCode())
                .as("no email claim").isEqualTo(401);
        assertThat(server.server().installation().store().findUser("bob@example.test")).isEmpty();
    }

    @Test
    void badlySignedAlgNoneAndHs256TokensAreRefused() throws Exception {
        String good = token("default", "sub-carol", AUDIENCE, Map.of("email", "carol@example.test"), 3600);
        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forgedPayload = b64(payload.replace("carol@example.test", "mallory@example.test"));
        // The provider's signature over another payload.
        assertThat(bearer(parts[0] + "." + forgedPayload + "." + parts[2]).statusCode()).isEqualTo(401);
        // alg none, with and without a signature part.
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        assertThat(bearer(none + "." + forgedPayload + ".").statusCode()).isEqualTo(401);
        assertThat(bearer(none + "." + forgedPayload + "." + parts[2]).statusCode()).isEqualTo(401);
        // HS256 "signed" with the provider's public key (the algorithm confusion attack) and the same kid.
        String jwks = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/jwks")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JWTClaimsSet claims = JWTClaimsSet.parse(payload.replace("carol@example.test", "mallory@example.test"));
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(SignedJWT.parse(good).getHeader().getKeyID()).type(JOSEObjectType.JWT)
                .build(), claims);
        hs.sign(new MACSigner(jwks.getBytes(StandardCharsets.UTF_8)));
        assertThat(bearer(hs.serialize()).statusCode()).isEqualTo(401);
        // RS256 with a key of our own under the provider's kid and issuer.
        String kid = SignedJWT.parse(good).getHeader().getKeyID();
        RSAKey mine = new RSAKeyGenerator(2048).keyID(kid).generate();
        SignedJWT rs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        rs.sign(new RSASSASigner(mine));
        assertThat(bearer(rs.serialize()).statusCode()).isEqualTo(401);
        // Garbage and oversized.
        for (String junk : List.of("", "a.b.c", "not-a-jwt", "x".repeat(5000), parts[0] + "." + parts[1])) {
            assertThat(bearer(junk).statusCode()).as(junk.length() > 40 ? junk.substring(0, 40) : junk).isEqualTo(401);
        }
        assertThat(server.server().installation().store().findUser("mallory@example.test")).isEmpty();
        // The good one was good all along.
        assertThat(bearer(good).statusCode()).isEqualTo(200);
    }

    @Test
    void ewstokensOwnCallbackTokensAndTheProvidersTokensAreNeverTakenForEachOther() throws Exception {
        server.addUser(TestServer.ALICE);
        HttpResponse<String> r = server.soap(Envelopes.getClientAccessToken("Exchange2013",
                Envelopes.tokenRequest(Envelopes.DOCUMENTED_ADDIN, "ExtensionCallback")), TestServer.ALICE, TestServer.PASSWORD);
        String callback = SoapResponses.messages(r.body()).get(0).tokenValue();
        assertThat(callback).isNotBlank();

        assertThat(bearer(callback).statusCode()).as("a callback token is no sign-in").isEqualTo(401);

        URI base = server.server().publicUrl();
        CallbackTokenValidator resourceServer = CallbackTokenValidator.builder()
                .issuerRealm("127.0.0.1")
                .keys(KeySource.metadata(server.url("/autodiscover/metadata/json/1"),
                        MetadataClient.builder().allowHttp(true).build()))
                .accept(URI.create(base + "/EWS/Exchange.asmx"), CallbackTokenKind.EXTENSION_CALLBACK)
                .build();
        resourceServer.validate(callback); // the validator works...
        String access = token("default", "sub-dave", AUDIENCE, Map.of("email", "dave@example.test"), 3600);
        assertThatThrownBy(() -> resourceServer.validate(access)).as("...and refuses the provider's token")
                .isInstanceOf(Exception.class);
    }

    @Test
    void keysTheProviderRotatedAreFetchedAgain() throws Exception {
        String before = token("default", "sub-erin", AUDIENCE, Map.of("email", "erin@example.test"), 3600);
        assertThat(bearer(before).statusCode()).isEqualTo(200);

        // The provider restarts with a new key, under the same kid (this provider names keys by issuer):
        // the harder case, as the cached key set has a key for it that no longer verifies.
        idp.shutdown();
        idp = provider(new RSAKeyGenerator(2048).keyID("second").generate());
        String after = token("default", "sub-erin", AUDIENCE, Map.of("email", "erin@example.test"), 3600);
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(SignedJWT.parse(before).getHeader().getKeyID());
        Thread.sleep(2_100); // past the 2 s refetch interval of this test's configuration

        assertThat(bearer(after).statusCode()).isEqualTo(200);
        assertThat(bearer(before).statusCode()).as("the old key is gone from the provider").isEqualTo(401);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
