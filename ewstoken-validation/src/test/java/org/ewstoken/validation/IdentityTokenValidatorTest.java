package org.ewstoken.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ewstoken.tokens.CallbackKind;
import org.ewstoken.tokens.SigningKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The identity token validator against tokens minted by ewstoken's own token engine, with the metadata
 * document served by a real HTTP server.
 */
class IdentityTokenValidatorTest extends PublishedIssuerTest {

    IdentityTokenValidator validator;

    @BeforeEach
    void setUp() throws Exception {
        validator = validator(MetadataTrust.hosts(server.hostAndPort()));
    }

    IdentityTokenValidator validator(MetadataTrust trust) {
        return IdentityTokenValidator.builder()
                .audience(TestIssuer.AUDIENCE)
                .trust(trust)
                .metadataClient(metadataClient().build())
                .clock(clock)
                .build();
    }

    /**
     * A generous fetch timeout: the document comes over loopback, but a loaded 2-core machine can
     * take longer than the 5-second default (the timeout itself is tested with {@link #impatientValidator()}).
     */
    MetadataClient.Builder metadataClient() {
        return MetadataClient.builder().allowHttp(true).clock(clock).timeout(Duration.ofSeconds(60));
    }

    /** For the servers that are slow on purpose: a short deadline keeps those tests quick. */
    IdentityTokenValidator impatientValidator() {
        return IdentityTokenValidator.builder().audience(TestIssuer.AUDIENCE)
                .trust(MetadataTrust.hosts(server.hostAndPort()))
                .metadataClient(metadataClient().timeout(Duration.ofMillis(500)).build())
                .clock(clock).build();
    }

    @Test
    void aTokenFromTheIssuerValidatesAndNamesTheUser() throws Exception {
        String token = issuer.identityToken();

        IdentityToken id = validator.validate(token);

        assertThat(id.uniqueId()).isEqualTo(server.metadataUrl() + issuer.exchangeUid);
        assertThat(id.exchangeUid()).isEqualTo(issuer.exchangeUid);
        assertThat(id.metadataUrl()).isEqualTo(server.metadataUrl());
        assertThat(id.audience()).isEqualTo(TestIssuer.AUDIENCE);
        assertThat(id.issuer()).isEqualTo("00000002-0000-0ff1-ce00-000000000000@" + TestIssuer.REALM);
        assertThat(id.expiresAt()).isEqualTo(id.notBefore().plus(Duration.ofHours(8)));
        assertThat(id.keyId()).isEqualTo(issuer.key().keyId());
        assertThat(id.claims().string("appctx")).get().asString().contains("ExIdTok.V1"); // a string, as Exchange sends it
        assertThat(id.appContext().string("msexchuid")).contains(issuer.exchangeUid);
    }

    @Test
    void appctxMayBeAnObjectInsteadOfAString() throws Exception {
        String token = issuer.sign(issuer.header(), issuer.identityPayload(issuer.appctxObject("ExIdTok.V1")));

        assertThat(validator.validate(token).exchangeUid()).isEqualTo(issuer.exchangeUid);
    }

    @Test
    void theDocumentedFormIsAcceptedAsWellAsTheRealOne() throws Exception {
        // Microsoft's documentation: header {typ,alg,x5t} without kid, nbf/exp as strings, isbrowserhostedapp "false".
        long now = clock.instant().getEpochSecond();
        String documented = issuer.identityPayload("\"" + issuer.appctxObject("ExIdTok.V1").replace("\"", "\\\"") + "\"")
                .replace("\"nbf\":" + now, "\"nbf\":\"" + now + "\"")
                .replace("\"exp\":" + (now + 3600), "\"exp\":\"" + (now + 3600) + "\"");
        assertThat(documented).contains("\"nbf\":\"" + now + "\"");
        IdentityToken id = validator.validate(issuer.sign(issuer.header(), documented));
        assertThat(id.expiresAt().getEpochSecond()).isEqualTo(now + 3600);

        // The real form: {alg,kid,x5t,typ}, numbers, "True".
        String real = issuer.identityToken();
        assertThat(TestIssuer.decode(real.split("\\.")[0])).startsWith("{\"alg\":\"RS256\",\"kid\":");
        assertThat(validator.validate(real).exchangeUid()).isEqualTo(issuer.exchangeUid);
    }

    @Test
    void aKidNamingAnotherCertificateThanX5tIsRefused() throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + "AB".repeat(20) + "\",\"x5t\":\"" + issuer.key().keyId()
                + "\",\"typ\":\"JWT\"}";
        String token = issuer.sign(header, issuer.identityPayload(issuer.appctxObject("ExIdTok.V1")));

        assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("kid");
    }

    @Test
    void aCachedValidationCostsNoNetwork() throws Exception {
        validator.validate(issuer.identityToken());
        clock.advance(Duration.ofSeconds(10));
        validator.validate(issuer.identityToken("https://addin.contoso.com/read.html"));
        validator.validate(issuer.identityToken());

        assertThat(server.requests()).isEqualTo(1);
    }

    @Nested
    class Tampering {

        @Test
        void anAlteredPayloadFailsTheSignature() throws Exception {
            String[] parts = issuer.identityToken().split("\\.");
            String payload = TestIssuer.decode(parts[1]).replace(issuer.exchangeUid, "00000000-0000-0000-0000-000000000000");
            String forged = parts[0] + "." + TestIssuer.encode(payload) + "." + parts[2];

            assertThatThrownBy(() -> validator.validate(forged)).isInstanceOf(BadSignatureException.class)
                    .hasMessageContaining(issuer.key().keyId());
        }

        @Test
        void anAlteredHeaderFailsTheSignature() throws Exception {
            String[] parts = issuer.identityToken().split("\\.");
            String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"" + issuer.key().keyId() + "\",\"cty\":\"x\"}";
            String forged = TestIssuer.encode(header) + "." + parts[1] + "." + parts[2];

            assertThatThrownBy(() -> validator.validate(forged)).isInstanceOf(BadSignatureException.class);
        }

        @Test
        void anAlteredSignatureFails() throws Exception {
            String token = issuer.identityToken();
            int i = token.lastIndexOf('.') + 100;
            String forged = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

            assertThatThrownBy(() -> validator.validate(forged)).isInstanceOf(BadSignatureException.class);
        }

        @Test
        void aSignatureByAnotherKeyUnderThePublishedX5tFails() throws Exception {
            SigningKey other = issuer.newKey();
            String forged = TestIssuer.sign(other, issuer.header(), issuer.identityPayload(issuer.appctxObject("ExIdTok.V1")));

            assertThatThrownBy(() -> validator.validate(forged)).isInstanceOf(BadSignatureException.class);
        }

        @Test
        void aTruncatedSignatureFails() throws Exception {
            String[] parts = issuer.identityToken().split("\\.");
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            String truncated = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(java.util.Arrays.copyOf(signature, signature.length - 1));

            assertThatThrownBy(() -> validator.validate(parts[0] + "." + parts[1] + "." + truncated))
                    .isInstanceOf(BadSignatureException.class);
        }
    }

    @Nested
    class Algorithms {

        @Test
        void algNoneIsRefusedBeforeAnyFetch() {
            String token = TestIssuer.encode("{\"typ\":\"JWT\",\"alg\":\"none\"}") + "."
                    + TestIssuer.encode(issuer.identityPayload(issuer.appctxObject("ExIdTok.V1"))) + ".";

            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(UnsupportedAlgorithmException.class)
                    .hasMessageContaining("'none'").hasMessageContaining("RS256");
            assertThat(server.requests()).isZero();
        }

        @Test
        void hs256SignedWithThePublicKeyBytesIsRefused() throws Exception {
            // Algorithm confusion: a verifier that takes alg from the token would check this HMAC with the
            // "key" it has for x5t, the public key, which everybody knows.
            String header = "{\"typ\":\"JWT\",\"alg\":\"HS256\",\"x5t\":\"" + issuer.key().keyId() + "\"}";
            String payload = issuer.identityPayload(issuer.appctxObject("ExIdTok.V1"));
            byte[] certificatePem = ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(
                    issuer.key().certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
            for (byte[] secret : List.of(issuer.key().certificate().getPublicKey().getEncoded(),
                    issuer.key().certificate().getEncoded(), certificatePem)) {
                String token = TestIssuer.hs256(secret, header, payload);
                assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(UnsupportedAlgorithmException.class)
                        .hasMessageContaining("'HS256'");
            }
            assertThat(server.requests()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"RS384", "RS512", "PS256", "ES256", "rs256", "RS256 ", "HS512"})
        void everyOtherAlgorithmIsRefused(String alg) throws Exception {
            String header = "{\"typ\":\"JWT\",\"alg\":\"" + alg + "\",\"x5t\":\"" + issuer.key().keyId() + "\"}";
            String token = issuer.sign(header, issuer.identityPayload(issuer.appctxObject("ExIdTok.V1")));

            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(UnsupportedAlgorithmException.class);
        }

        @Test
        void aHeaderWithoutAlgIsRefused() throws Exception {
            String token = issuer.sign("{\"typ\":\"JWT\",\"x5t\":\"" + issuer.key().keyId() + "\"}",
                    issuer.identityPayload(issuer.appctxObject("ExIdTok.V1")));

            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(UnsupportedAlgorithmException.class);
        }
    }

    @Nested
    class Time {

        @Test
        void anExpiredTokenIsRefusedOnceTheSkewIsUsedUp() throws Exception {
            String token = issuer.identityToken();

            clock.advance(Duration.ofHours(8).plusMinutes(4));
            assertThat(validator.validate(token).exchangeUid()).isEqualTo(issuer.exchangeUid);

            clock.advance(Duration.ofMinutes(1));
            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(ExpiredTokenException.class)
                    .hasMessageContaining("expired at").hasMessageContaining("getUserIdentityTokenAsync");
        }

        @Test
        void aTokenFromTheFutureIsRefusedBeyondTheSkew() throws Exception {
            clock.advance(Duration.ofMinutes(6));
            String early = issuer.identityToken();
            clock.advance(Duration.ofMinutes(-6));

            assertThatThrownBy(() -> validator.validate(early)).isInstanceOf(NotYetValidException.class)
                    .hasMessageContaining("clock");

            clock.advance(Duration.ofMinutes(2));
            assertThat(validator.validate(early).exchangeUid()).isEqualTo(issuer.exchangeUid);
        }

        @Test
        void theSkewIsConfigurable() throws Exception {
            IdentityTokenValidator strict = IdentityTokenValidator.builder().audience(TestIssuer.AUDIENCE)
                    .trust(MetadataTrust.hosts(server.hostAndPort())).metadataClient(metadataClient().build())
                    .clock(clock).clockSkew(Duration.ZERO).build();
            String token = issuer.identityToken();
            clock.advance(Duration.ofHours(8));

            assertThatThrownBy(() -> strict.validate(token)).isInstanceOf(ExpiredTokenException.class);
        }

        @Test
        void aTokenWithoutExpIsMalformed() throws Exception {
            String payload = issuer.identityPayload(issuer.appctxObject("ExIdTok.V1")).replaceAll(",\"exp\":\\d+", "");

            assertThatThrownBy(() -> validator.validate(issuer.sign(issuer.header(), payload)))
                    .isInstanceOf(MalformedTokenException.class).hasMessageContaining("exp");
        }
    }

    @Nested
    class ClaimChecks {

        @Test
        void aTokenForAnotherAddInIsRefused() {
            String token = issuer.identityToken("https://other-addin.example/read.html");

            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(AudienceMismatchException.class)
                    .hasMessageContaining("other-addin.example").hasMessageContaining(TestIssuer.AUDIENCE);
        }

        @Test
        void anotherAppctxVersionIsRefused() throws Exception {
            String token = issuer.sign(issuer.header(), issuer.identityPayload(issuer.appctxObject("ExIdTok.V2")));

            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(WrongVersionException.class)
                    .hasMessageContaining("ExIdTok.V1");
        }

        @Test
        void aCallbackTokenIsNotAnIdentityToken() {
            String token = issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK);

            // Exchange's callback tokens carry an appctx too, but without version ExIdTok.V1.
            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(WrongVersionException.class)
                    .hasMessageContaining("ExIdTok.V1").hasMessageContaining("callback token");
        }

        @Test
        void appctxThatIsNotJsonIsMalformed() throws Exception {
            String token = issuer.sign(issuer.header(), issuer.identityPayload("\"{not json\""));

            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(MalformedTokenException.class)
                    .hasMessageContaining("appctx");
        }
    }

    @Nested
    class Trust {

        @Test
        void anUntrustedAmurlIsNeverFetched() {
            IdentityTokenValidator elsewhere = validator(MetadataTrust.hosts("mail.fabrikam.com"));

            assertThatThrownBy(() -> elsewhere.validate(issuer.identityToken()))
                    .isInstanceOf(UntrustedMetadataException.class).hasMessageContaining(server.metadataUrl().toString());
            assertThat(server.requests()).isZero();
        }

        @Test
        void aTrustedHostWithAnotherPathIsNotTrusted() throws Exception {
            String appctx = "{\"msexchuid\":\"" + issuer.exchangeUid + "\",\"version\":\"ExIdTok.V1\",\"amurl\":\"http://"
                    + server.hostAndPort() + "/uploads/evil.json\"}";
            String token = issuer.sign(issuer.header(), issuer.identityPayload(appctx));

            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(UntrustedMetadataException.class);
            assertThat(server.requests()).isZero();
        }

        @Test
        void nothingIsTrustedUntilConfigured() {
            IdentityTokenValidator unconfigured = IdentityTokenValidator.builder().audience(TestIssuer.AUDIENCE)
                    .metadataClient(metadataClient().build()).clock(clock).build();

            assertThatThrownBy(() -> unconfigured.validate(issuer.identityToken()))
                    .isInstanceOf(UntrustedMetadataException.class).hasMessageContaining("MetadataTrust");
        }

        @Test
        void exactUrlsAndPerCallPoliciesWork() throws Exception {
            IdentityTokenValidator exact = validator(MetadataTrust.urls(server.metadataUrl().toString()));
            assertThat(exact.validate(issuer.identityToken()).exchangeUid()).isEqualTo(issuer.exchangeUid);

            IdentityTokenValidator none = validator(MetadataTrust.none());
            assertThat(none.validate(issuer.identityToken(), MetadataTrust.sameHostAs(
                    URI.create("http://" + server.hostAndPort() + "/EWS/Exchange.asmx"))).exchangeUid())
                    .isEqualTo(issuer.exchangeUid);
        }

        @Test
        void plainHttpIsRefusedUnlessAllowed() {
            IdentityTokenValidator httpsOnly = IdentityTokenValidator.builder().audience(TestIssuer.AUDIENCE)
                    .trust(MetadataTrust.hosts(server.hostAndPort())).clock(clock)
                    .metadataClient(MetadataClient.builder().clock(clock).build()).build();

            assertThatThrownBy(() -> httpsOnly.validate(issuer.identityToken()))
                    .isInstanceOf(UntrustedMetadataException.class).hasMessageContaining("allowHttp");
            assertThat(server.requests()).isZero();
        }
    }

    @Nested
    class Keys {

        @Test
        void anUnknownX5tIsRefusedAndRefetchedAtMostOncePerInterval() throws Exception {
            validator.validate(issuer.identityToken());
            String unknown = TestIssuer.sign(issuer.newKey(), "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
                    issuer.identityPayload(issuer.appctxObject("ExIdTok.V1")));

            assertThatThrownBy(() -> validator.validate(unknown)).isInstanceOf(UnknownKeyException.class)
                    .hasMessageContaining("AAAAAAAAAAAAAAAAAAAAAAAAAAA").hasMessageContaining(issuer.key().keyId());
            assertThat(server.requests()).as("the document was fetched moments ago").isEqualTo(1);

            clock.advance(Duration.ofSeconds(31));
            assertThatThrownBy(() -> validator.validate(unknown)).isInstanceOf(UnknownKeyException.class);
            assertThatThrownBy(() -> validator.validate(unknown)).isInstanceOf(UnknownKeyException.class);
            assertThat(server.requests()).as("one refetch per interval").isEqualTo(2);
        }

        @Test
        void aRotatedKeyIsPickedUpAndThePreviousKeysTokensValidateUntilTheyExpire() throws Exception {
            String before = issuer.identityToken();
            validator.validate(before);

            SigningKey previous = issuer.key();
            SigningKey next = issuer.rotate();
            server.publish(List.of(previous.certificate(), next.certificate()));
            String after = issuer.identityToken();
            clock.advance(Duration.ofSeconds(31));

            assertThat(validator.validate(after).keyId()).isEqualTo(next.keyId());
            assertThat(validator.validate(before).keyId()).isEqualTo(previous.keyId());
            assertThat(server.requests()).isEqualTo(2);

            clock.advance(Duration.ofHours(8).plusMinutes(5));
            assertThatThrownBy(() -> validator.validate(before)).isInstanceOf(ExpiredTokenException.class);
        }

        @Test
        void anExpiredCopyIsRevalidatedWithItsEtag() throws Exception {
            server.cacheControl("max-age=60");
            validateAfter(Duration.ZERO);

            assertThat(validateAfter(Duration.ofSeconds(61))).as("fetches").isEqualTo(2);
            assertThat(server.conditionalRequests()).isEqualTo(1);
        }

        @Test
        void noCacheHeadersStillCacheForTheRefetchInterval() throws Exception {
            server.cacheControl("no-cache");
            validateAfter(Duration.ZERO);

            assertThat(validateAfter(Duration.ofSeconds(29))).as("fetches").isEqualTo(1);
            assertThat(validateAfter(Duration.ofSeconds(2))).as("fetches").isEqualTo(2);
        }

        /** Moves the clock on by {@code wait}, validates a fresh token, and says how often the document was fetched. */
        private int validateAfter(Duration wait) throws Exception {
            clock.advance(wait);
            validator.validate(issuer.identityToken());
            return server.requests();
        }

        @Test
        void concurrentValidationsShareOneFetch() throws Exception {
            server.delay(Duration.ofMillis(300)); // every thread arrives while the first fetch is under way
            String token = issuer.identityToken();
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                Callable<IdentityToken> task = () -> {
                    start.await();
                    return validator.validate(token);
                };
                List<Future<IdentityToken>> results = new java.util.ArrayList<>();
                for (int i = 0; i < threads; i++) results.add(pool.submit(task));
                start.countDown();
                for (Future<IdentityToken> f : results) assertThat(f.get().exchangeUid()).isEqualTo(issuer.exchangeUid);
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Nested
    class UnavailableMetadata {

        @Test
        void anUnreachableServer() throws Exception {
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            String appctx = "{\"msexchuid\":\"u\",\"version\":\"ExIdTok.V1\",\"amurl\":\"http://127.0.0.1:" + closedPort
                    + MetadataServer.PATH + "\"}";
            String token = issuer.sign(issuer.header(), issuer.identityPayload(appctx));

            assertThatThrownBy(() -> validator(MetadataTrust.hosts("127.0.0.1:" + closedPort)).validate(token))
                    .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("cannot connect");
        }

        @Test
        void aServerThatDoesNotAnswerInTime() {
            server.respondWith(exchange -> sleep(20_000));
            IdentityTokenValidator impatient = impatientValidator();
            long start = System.nanoTime();

            assertThatThrownBy(() -> impatient.validate(issuer.identityToken()))
                    .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("PT0.5S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }

        @Test
        void aServerThatTricklesItsBody() {
            server.respondWith(exchange -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < 200 && !Thread.currentThread().isInterrupted(); i++) {
                    out.write('{');
                    out.flush();
                    sleep(100);
                }
            });
            IdentityTokenValidator impatient = impatientValidator();
            long start = System.nanoTime();

            assertThatThrownBy(() -> impatient.validate(issuer.identityToken()))
                    .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("within");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the trickle lasts 20 s")
                    .isLessThan(Duration.ofSeconds(10));
        }

        @Test
        void aHugeDocumentWithContentLength() {
            server.respondWith(exchange -> {
                byte[] big = new byte[300 * 1024];
                exchange.sendResponseHeaders(200, big.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(big);
                } catch (java.io.IOException closedByClient) {
                    // expected: the client gives up on reading
                }
            });

            assertThatThrownBy(() -> validator.validate(issuer.identityToken()))
                    .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("larger than 262144 bytes");
        }

        @Test
        void aHugeDocumentWithoutContentLength() {
            server.respondWith(exchange -> {
                exchange.sendResponseHeaders(200, 0); // chunked
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 64; i++) out.write(new byte[16 * 1024]);
                } catch (java.io.IOException closedByClient) {
                    // expected
                }
            });

            assertThatThrownBy(() -> validator.validate(issuer.identityToken()))
                    .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("larger than");
        }

        @ParameterizedTest
        @ValueSource(strings = {"not json", "{}", "{\"keys\":{}}", "[]", "{\"keys\":[]}",
                "{\"keys\":[{\"usage\":\"signing\",\"keyvalue\":{\"type\":\"x509Certificate\",\"value\":\"bm90IGEgY2VydA==\"}}]}",
                "{\"keys\":[{\"usage\":\"signing\",\"keyvalue\":{\"type\":\"x509Certificate\",\"value\":\"%%%\"}}]}",
                "{\"keys\":[],\"keys\":[]}"})
        void aMalformedDocument(String body) {
            server.respondWith(exchange -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            });

            assertThatThrownBy(() -> validator.validate(issuer.identityToken()))
                    .isInstanceOf(MetadataUnavailableException.class)
                    .hasMessageContaining("not an Exchange authentication metadata document");
        }

        @Test
        void aDocumentWhoseX5tLiesAboutItsCertificate() throws Exception {
            String real = new String(org.ewstoken.tokens.MetadataDocument.render("_x", server.metadataUrl(),
                    List.of(issuer.key().certificate())), StandardCharsets.UTF_8);
            String lying = real.replace(issuer.key().keyId(), "BBBBBBBBBBBBBBBBBBBBBBBBBBB");
            server.respondWith(exchange -> {
                byte[] bytes = lying.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            });

            assertThatThrownBy(() -> validator.validate(issuer.identityToken()))
                    .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("no usable signing certificate");
        }

        @Test
        void anErrorStatusAndARedirect() {
            server.respondWith(exchange -> exchange.sendResponseHeaders(503, -1));
            assertThatThrownBy(() -> validator.validate(issuer.identityToken()))
                    .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("HTTP 503");

            server.respondWith(exchange -> {
                exchange.getResponseHeaders().set("Location", "https://evil.example/keys.json");
                exchange.sendResponseHeaders(302, -1);
            });
            IdentityTokenValidator fresh = validator(MetadataTrust.hosts(server.hostAndPort()));
            assertThatThrownBy(() -> fresh.validate(issuer.identityToken()))
                    .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("redirects are not followed");
        }

        @Test
        void aFailureIsRetriedAtMostOncePerInterval() {
            server.respondWith(exchange -> exchange.sendResponseHeaders(500, -1));
            String token = issuer.identityToken();

            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(MetadataUnavailableException.class);
            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(MetadataUnavailableException.class)
                    .hasMessageContaining("next attempt");
            assertThat(server.requests()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(31));
            assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(MetadataUnavailableException.class);
            assertThat(server.requests()).isEqualTo(2);
        }

        @Test
        void aCopyThatExpiredRecentlyServesItsKeysWhileTheServerIsDown() throws Exception {
            validator.validate(issuer.identityToken());
            server.respondWith(exchange -> exchange.sendResponseHeaders(500, -1));

            clock.advance(Duration.ofMinutes(30)); // max-age was 5 minutes; max stale is 1 hour
            assertThat(validator.validate(issuer.identityToken()).exchangeUid()).isEqualTo(issuer.exchangeUid);

            clock.advance(Duration.ofMinutes(40));
            assertThatThrownBy(() -> validator.validate(issuer.identityToken()))
                    .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("HTTP 500");
        }
    }

    @Test
    void noMessageEverContainsTheToken() throws Exception {
        String token = issuer.identityToken();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        List<IdentityTokenValidator> refusing = List.of(validator(MetadataTrust.none()),
                IdentityTokenValidator.builder().audience("https://other/").trust(MetadataTrust.hosts(server.hostAndPort()))
                        .metadataClient(metadataClient().build()).clock(clock).build());
        for (IdentityTokenValidator v : refusing) {
            assertThatThrownBy(() -> v.validate(token)).isInstanceOf(TokenValidationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(signature).doesNotContain(token));
        }
        String tampered = token.substring(0, token.length() - 10) + "AAAAAAAAAA";
        assertThatThrownBy(() -> validator.validate(tampered))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(signature.substring(0, 40)));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
