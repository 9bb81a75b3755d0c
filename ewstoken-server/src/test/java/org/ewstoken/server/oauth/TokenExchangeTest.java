package org.ewstoken.server.oauth;

import org.ewstoken.server.config.ThrottlePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.oauth.ExchangeFixture.ADDIN;
import static org.ewstoken.server.oauth.ExchangeFixture.ADDIN_URL;
import static org.ewstoken.server.oauth.ExchangeFixture.BACKEND;
import static org.ewstoken.server.oauth.ExchangeFixture.OTHER;
import static org.ewstoken.server.oauth.ExchangeFixture.form;
import static org.ewstoken.server.oauth.ExchangeFixture.json;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.Jwts;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.config.Setting;
import org.ewstoken.store.AuditRecord;
import org.ewstoken.tokens.IdentityTokenRequest;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.ewstoken.tokens.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8693 token exchange at the token endpoint: the access token it gives, and each refusal. */
class TokenExchangeTest {

    @TempDir Path dir;

    @Test
    void anIdentityTokenIsExchangedForAnAccessTokenWithExactlyTheListedClaims() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String identity = f.identityToken();
            HttpResponse<String> r = f.post(form(identity), ADDIN, f.secret());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
            JsonNode answer = json(r);
            assertThat(answer.get("issued_token_type").asText()).isEqualTo(TokenExchange.ACCESS_TOKEN);
            assertThat(answer.get("token_type").asText()).isEqualTo("Bearer");
            long expiresIn = answer.get("expires_in").asLong();
            assertThat(expiresIn).isBetween(3000L, 3600L);

            String access = answer.get("access_token").asText();
            JsonNode claims = Jwts.payload(access);
            JsonNode idClaims = Jwts.payload(identity);
            String msexchuid = new ObjectMapper().readTree(idClaims.get("appctx").asText()).get("msexchuid").asText();
            List<String> names = new java.util.ArrayList<>();
            claims.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactly("iss", "sub", "aud", "exp", "iat", "jti", "client_id");
            assertThat(claims.get("iss").asText()).isEqualTo(f.issuer());
            assertThat(claims.get("sub").asText()).isEqualTo(msexchuid);
            assertThat(claims.get("aud").asText()).isEqualTo(BACKEND);
            assertThat(claims.get("client_id").asText()).isEqualTo(ADDIN);
            assertThat(claims.get("exp").asLong()).isLessThanOrEqualTo(idClaims.get("exp").asLong());
            assertThat(claims.get("iat").asLong()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(120L));
            assertThat(Jwts.header(access).get("kid").asText()).isEqualTo(Jwts.header(identity).get("kid").asText());
            assertThat(Jwts.payload(f.exchange(identity)).get("jti").asText()).isNotEqualTo(claims.get("jti").asText());
            // signed by a published key, verifiable with the metadata document's certificate
            String[] parts = access.split("\\.");
            java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
            rs256.initVerify(f.server().publishedCertificate(Jwts.header(access).get("x5t").asText()));
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        }
    }

    @Test
    void theExchangeIsAuditedLikeATokenIssue() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String access = f.exchange(f.identityToken());
            String kid = Jwts.header(access).get("x5t").asText();
            List<AuditRecord> records = waitFor(() -> f.server().server().installation().auditLog()
                    .find(null, ADDIN, OAuthFeature.AUDIT_TOKEN_TYPE, null, null, 0, 10));
            assertThat(records).singleElement().satisfies(a -> {
                assertThat(a.userSmtp()).isEqualTo(TestServer.ALICE);
                assertThat(a.keyId()).isEqualTo(kid);
                assertThat(a.expiresAt().getEpochSecond()).isEqualTo(Jwts.payload(access).get("exp").asLong());
            });
        }
    }

    @Test
    void emailIsIncludedOnlyForAnAddInAllowedTheEmailScope() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir, Map.of(), Set.of("email"))) {
            assertThat(Jwts.payload(f.exchange(f.identityToken())).get("email").asText()).isEqualTo(TestServer.ALICE);
            HttpResponse<String> other = f.post(form(f.token(OTHER, "CallerIdentity")), OTHER, f.otherSecret());
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
            assertThat(Jwts.payload(json(other).get("access_token").asText()).has("email")).isFalse();
        }
    }

    @Test
    void theClientMayAuthenticateWithAFormPostInsteadOfBasic() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            Map<String, String> form = new HashMap<>(form(f.identityToken()));
            form.put("client_id", ADDIN.toUpperCase());
            form.put("client_secret", f.secret());
            HttpResponse<String> r = f.post(form, null, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            form.put("client_secret", f.secret() + "x");
            assertError(f.post(form, null, null), 401, "invalid_client");
        }
    }

    @Test
    void aWrongOrMissingClientSecretIsInvalidClient() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String identity = f.identityToken();
            HttpResponse<String> wrong = f.post(form(identity), ADDIN, f.otherSecret());
            assertError(wrong, 401, "invalid_client");
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertError(f.post(form(identity), null, null), 401, "invalid_client");
            assertError(f.post(form(identity), "not-a-guid", f.secret()), 401, "invalid_client");
        }
    }

    @Test
    void makingANewSecretRotatesIt() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String identity = f.identityToken();
            String fresh = ExchangeFixture.clients(f.server()).newSecret(Actor.commandLine(), ADDIN);
            assertThat(fresh).isNotEqualTo(f.secret()).hasSizeGreaterThanOrEqualTo(43);
            assertError(f.post(form(identity), ADDIN, f.secret()), 401, "invalid_client");
            assertThat(f.post(form(identity), ADDIN, fresh).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anIdentityTokenOfAnotherAddInIsInvalidGrant() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            assertError(f.post(form(f.token(OTHER, "CallerIdentity")), ADDIN, f.secret()), 400, "invalid_grant");
        }
    }

    @Test
    void aCallbackTokenIsInvalidGrant() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            assertError(f.post(form(f.token(ADDIN, "ExtensionCallback")), ADDIN, f.secret()), 400, "invalid_grant");
        }
    }

    @Test
    void anExpiredIdentityTokenIsInvalidGrant() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String genuine = f.identityToken();
            Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(10)), ZoneOffset.UTC);
            String expired = mint(genuine, f.server().server().keyRing().signingKey(), amurl(genuine), past);
            assertError(f.post(form(expired), ADDIN, f.secret()), 400, "invalid_grant");
            // the same minting at the present time is accepted, so the refusal is about time alone
            String fresh = mint(genuine, f.server().server().keyRing().signingKey(), amurl(genuine), Clock.systemUTC());
            assertThat(f.post(form(fresh), ADDIN, f.secret()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aForgedIdentityTokenIsInvalidGrant() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String genuine = f.identityToken();
            String[] parts = genuine.split("\\.");
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("\"nbf\":", "\"nbf\": ");
            String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            assertError(f.post(form(altered), ADDIN, f.secret()), 400, "invalid_grant");
            SigningKey stranger = SigningKeys.generate("stranger", Duration.ofDays(1), Clock.systemUTC());
            String foreignKey = mint(genuine, stranger, amurl(genuine), Clock.systemUTC());
            assertError(f.post(form(foreignKey), ADDIN, f.secret()), 400, "invalid_grant");
        }
    }

    @Test
    void anIdentityTokenFromAnotherIssuerIsInvalidGrant() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String genuine = f.identityToken();
            SigningKey theirs = SigningKeys.generate("mail.fabrikam.com", Duration.ofDays(1), Clock.systemUTC());
            String foreign = mint(genuine, theirs, URI.create("https://mail.fabrikam.com:443/autodiscover/metadata/json/1"),
                    Clock.systemUTC());
            assertError(f.post(form(foreign), ADDIN, f.secret()), 400, "invalid_grant");
        }
    }

    @Test
    void unknownGrantAndTokenTypesAreRefusedWithTheirCodes() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String identity = f.identityToken();
            Map<String, String> grant = new HashMap<>(form(identity));
            grant.put("grant_type", "client_credentials");
            assertError(f.post(grant, ADDIN, f.secret()), 400, "unsupported_grant_type");
            Map<String, String> subjectType = new HashMap<>(form(identity));
            subjectType.put("subject_token_type", "urn:ietf:params:oauth:token-type:saml2");
            assertError(f.post(subjectType, ADDIN, f.secret()), 400, "invalid_request");
            Map<String, String> requested = new HashMap<>(form(identity));
            requested.put("requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token");
            assertError(f.post(requested, ADDIN, f.secret()), 400, "invalid_request");
            Map<String, String> noSubject = new HashMap<>(form(identity));
            noSubject.remove("subject_token");
            assertError(f.post(noSubject, ADDIN, f.secret()), 400, "invalid_request");
            Map<String, String> otherTarget = new HashMap<>(form(identity));
            otherTarget.put("audience", "https://elsewhere.example/");
            assertError(f.post(otherTarget, ADDIN, f.secret()), 400, "invalid_target");
        }
    }

    @Test
    void anAddInWithoutABackEndAudienceGetsNoToken() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            ExchangeFixture.clients(f.server()).setBackendAudience(Actor.commandLine(), ADDIN, "");
            assertError(f.post(form(f.identityToken()), ADDIN, f.secret()), 400, "invalid_target");
        }
    }

    @Test
    void aDisabledAddInGetsNoToken() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String identity = f.identityToken();
            f.server().server().installation().store().setAddInEnabled(ADDIN, false);
            assertError(f.post(form(identity), ADDIN, f.secret()), 400, "invalid_grant");
        }
    }

    @Test
    void eachClientIsThrottledByItsOwnBudget() throws Exception {
        Map<Setting, String> tight = Map.of(ThrottlePolicy.USER_BURST, "2", ThrottlePolicy.USER_RECHARGE_PER_MINUTE, "1");
        try (ExchangeFixture f = ExchangeFixture.start(dir, tight, Set.of())) {
            String identity = f.identityToken();
            assertThat(f.post(form(identity), ADDIN, f.secret()).statusCode()).isEqualTo(200);
            assertThat(f.post(form(identity), ADDIN, f.secret()).statusCode()).isEqualTo(200);
            HttpResponse<String> third = f.post(form(identity), ADDIN, f.secret());
            assertError(third, 429, "temporarily_unavailable");
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            // another client's budget is its own
            assertThat(f.post(form(f.token(OTHER, "CallerIdentity")), OTHER, f.otherSecret()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void oversizedRepeatedOrNonFormBodiesAndBothAuthenticationMethodsAreInvalidRequest() throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            Map<String, String> huge = new HashMap<>(form("x".repeat(20_000)));
            assertError(f.post(huge, ADDIN, f.secret()), 400, "invalid_request");
            Map<String, String> both = new HashMap<>(form(f.identityToken()));
            both.put("client_secret", f.secret());
            assertError(f.post(both, ADDIN, f.secret()), 400, "invalid_request");
            var http = java.net.http.HttpClient.newHttpClient();
            String basic = "Basic " + Base64.getEncoder().encodeToString((ADDIN + ":" + f.secret()).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> repeated = http.send(java.net.http.HttpRequest.newBuilder(f.url(ServerUrls.TOKEN))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", basic)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=a&grant_type=b")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(repeated, 400, "invalid_request");
            HttpResponse<String> json = http.send(java.net.http.HttpRequest.newBuilder(f.url(ServerUrls.TOKEN))
                    .header("Content-Type", "application/json").header("Authorization", basic)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(json, 400, "invalid_request");
            assertThat(f.server().get(ServerUrls.TOKEN).statusCode()).isEqualTo(405);
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).as(r.body()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isNotBlank().doesNotContain("Exception");
    }

    private static URI amurl(String identity) throws Exception {
        return URI.create(new ObjectMapper().readTree(Jwts.payload(identity).get("appctx").asText()).get("amurl").asText());
    }

    /** An identity token for Alice and the add-in, signed by {@code key} at {@code clock}'s time, one hour long. */
    private static String mint(String genuine, SigningKey key, URI amurl, Clock clock) throws Exception {
        String uid = new ObjectMapper().readTree(Jwts.payload(genuine).get("appctx").asText()).get("msexchuid").asText();
        IssuerSettings settings = new IssuerSettings(amurl.getHost(), amurl, URI.create("https://" + amurl.getHost()
                + "/EWS/Exchange.asmx"), URI.create("https://" + amurl.getHost() + "/api"), Duration.ofHours(1),
                Duration.ofMinutes(5));
        return new TokenMinter(settings, clock, null).identityToken(key, new IdentityTokenRequest(ADDIN_URL, uid, false))
                .value();
    }

    private static <T> List<T> waitFor(java.util.function.Supplier<List<T>> query) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<T> found = query.get();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = query.get();
        }
        return found;
    }
}
