package org.ewstoken.validation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ewstoken.tokens.CallbackKind;
import org.ewstoken.tokens.CallbackTokenRequest;
import org.ewstoken.tokens.IdentityTokenRequest;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.MetadataDocument;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.ewstoken.tokens.TokenMinter;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.X509Util;
import org.junit.jupiter.api.Test;

/**
 * The test vectors in {@code docs/test-vectors/}: tokens, the metadata documents that verify them, and the verdict a
 * correct validator must reach, for validators in any language. This test checks that ewstoken's validator and an
 * independent JWT library (jose4j) both reach every verdict. The files are written only on purpose:
 *
 * <pre>mvn -B -o verify -pl ewstoken-validation -am -Dtest=TestVectorsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dewstoken.regenerateTestVectors=true</pre>
 */
class TestVectorsTest {

    static final Path DIR = Path.of("..", "docs", "test-vectors");
    static final String REGENERATE = "ewstoken.regenerateTestVectors";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static final String REALM = "mail.contoso.com";
    static final URI METADATA = URI.create("https://mail.contoso.com:443/autodiscover/metadata/json/1");
    /** A second trusted server, whose document lists another key before the signer. */
    static final URI METADATA_SIGNER_SECOND = URI.create("https://mail2.contoso.com:443/autodiscover/metadata/json/1");
    static final URI UNTRUSTED = URI.create("https://mail.attacker.example:443/autodiscover/metadata/json/1");
    static final URI EWS = URI.create("https://mail.contoso.com/EWS/Exchange.asmx");
    static final URI REST = URI.create("https://mail.contoso.com/api");
    static final String AUDIENCE = "https://addin.contoso.com/read.html";
    static final String ISSUER = "00000002-0000-0ff1-ce00-000000000000@" + REALM;
    static final String CALLBACK_AUD = "00000002-0000-0ff1-ce00-000000000000/mail.contoso.com@" + REALM;
    static final Instant ISSUED = Instant.parse("2025-01-15T10:00:00Z");
    static final Instant NOW = ISSUED.plusSeconds(60);
    static final long IDENTITY_SKEW = 300;
    static final long CALLBACK_SKEW = 60;
    static final String UID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    static final String ITEM = "AAMkADliYTYxYmU3LWZmZDItNDc1NS05ZDJlLTEzMTEzYTcxZjJiMgBGAAA=";

    // ---------------------------------------------------------------- checking the committed vectors

    @Test
    void ewstokensValidatorAndJose4jReachEveryIdentityVerdict() throws Exception {
        JsonNode vectors = load("identity-tokens.json");
        IdentityTokenValidator validator = identityValidator(vectors);
        assertThat(vectors.get("cases")).hasSizeGreaterThanOrEqualTo(12);
        bothReachEveryVerdict(vectors, validator::validate, token -> jose4jIdentity(vectors, token));
    }

    @Test
    void ewstokensValidatorAndJose4jReachEveryCallbackVerdict() throws Exception {
        JsonNode vectors = load("callback-tokens.json");
        CallbackTokenValidator validator = CallbackTokenValidator.builder()
                .issuerRealm(vectors.get("realm").asText())
                .keys(KeySource.of(certificates(vectors.get("metadataDocuments").get(vectors.get("metadataUrl").asText()))))
                .accept(URI.create(vectors.get("ewsUrl").asText()), CallbackTokenKind.EXTENSION_CALLBACK, CallbackTokenKind.SCOPED)
                .clockSkew(Duration.ofSeconds(vectors.get("clockSkewSeconds").asLong()))
                .clock(Clock.fixed(Instant.ofEpochSecond(vectors.get("now").asLong()), ZoneOffset.UTC))
                .build();
        assertThat(vectors.get("cases")).hasSizeGreaterThanOrEqualTo(8);
        bothReachEveryVerdict(vectors, validator::validate, token -> jose4jCallback(vectors, token));
    }

    static JsonNode load(String name) throws Exception {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean(REGENERATE) || !Files.exists(file)) {
            assertThat(Boolean.getBoolean(REGENERATE)).as("%s is missing: regenerate it with -D%s=true", file, REGENERATE)
                    .isTrue();
            Files.createDirectories(DIR);
            Files.writeString(file, JSON.writeValueAsString(name.startsWith("identity") ? identityVectors() : callbackVectors())
                    + "\n", UTF_8);
        }
        return JSON.readTree(file.toFile());
    }

    /** For every case: ewstoken's validator and the jose4j one both reach the verdict the case records. */
    static void bothReachEveryVerdict(JsonNode vectors, Ours ours, Independent jose4j) throws Exception {
        for (JsonNode c : vectors.get("cases")) {
            String expected = verdict(c);
            String token = c.get("token").asText();
            assertThat(ours(() -> ours.validate(token))).as("ewstoken on %s", c.get("name")).isEqualTo(expected);
            assertThat(jose4j.verdict(token)).as("jose4j on %s", c.get("name")).isEqualTo(expected);
        }
    }

    interface Ours {
        Object validate(String token) throws TokenValidationException;
    }

    interface Independent {
        String verdict(String token) throws Exception;
    }

    static String verdict(JsonNode c) {
        return c.get("valid").asBoolean() ? "VALID" : c.get("failure").asText();
    }

    interface Validation {
        void run() throws TokenValidationException;
    }

    static String ours(Validation v) {
        try {
            v.run();
            return "VALID";
        } catch (TokenValidationException e) {
            return e.reason().name();
        }
    }

    static IdentityTokenValidator identityValidator(JsonNode vectors) {
        MetadataClient.Builder client = MetadataClient.builder();
        vectors.get("metadataDocuments").fields().forEachRemaining(e ->
                client.document(URI.create(e.getKey()), e.getValue().toString().getBytes(UTF_8)));
        List<String> trusted = new ArrayList<>();
        vectors.get("trustedMetadataUrls").forEach(u -> trusted.add(u.asText()));
        return IdentityTokenValidator.builder()
                .audience(vectors.get("audience").asText())
                .trust(MetadataTrust.urls(trusted.toArray(String[]::new)))
                .metadataClient(client.build())
                .clockSkew(Duration.ofSeconds(vectors.get("clockSkewSeconds").asLong()))
                .clock(Clock.fixed(Instant.ofEpochSecond(vectors.get("now").asLong()), ZoneOffset.UTC))
                .build();
    }

    static List<X509Certificate> certificates(JsonNode document) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        for (JsonNode k : document.get("keys")) out.add(new X509Util().fromBase64Der(k.get("keyvalue").get("value").asText()));
        return out;
    }

    // ---------------------------------------------------------------- the independent validator (jose4j)

    /** A token as jose4j parses it before any check, or why both kinds refuse it from the header alone. */
    record Unverified(JwtContext context, JsonWebSignature jws, JwtClaims claims, String refusal) {}

    static Unverified unverified(String token) {
        JwtContext context;
        try {
            context = new JwtConsumerBuilder().setSkipAllValidators().setSkipSignatureVerification().setDisableRequireSignature()
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS).build().process(token);
        } catch (InvalidJwtException e) {
            return new Unverified(null, null, null, "MALFORMED");
        }
        JsonWebSignature jws = (JsonWebSignature) context.getJoseObjects().get(0);
        String refusal = !AlgorithmIdentifiers.RSA_USING_SHA256.equals(jws.getAlgorithmHeaderValue()) ? "UNSUPPORTED_ALGORITHM"
                : !kidMatches(jws) ? "MALFORMED" : null;
        return new Unverified(context, jws, context.getJwtClaims(), refusal);
    }

    /** Microsoft's documented procedure on jose4j: it parses, enforces RS256, verifies and checks aud/nbf/exp. */
    static String jose4jIdentity(JsonNode vectors, String token) throws Exception {
        Unverified parsed = unverified(token);
        if (parsed.refusal() != null) return parsed.refusal();
        Map<String, Object> appctx = appctx(parsed.claims());
        if (!"ExIdTok.V1".equals(appctx.get("version"))) return "WRONG_VERSION";
        String amurl = String.valueOf(appctx.get("amurl"));
        boolean trusted = false;
        for (JsonNode u : vectors.get("trustedMetadataUrls")) trusted |= u.asText().equals(amurl);
        if (!trusted) return "UNTRUSTED_METADATA_LOCATION";
        return jose4jVerify(parsed, vectors.get("metadataDocuments").get(amurl), vectors, vectors.get("audience").asText(),
                null);
    }

    static String jose4jCallback(JsonNode vectors, String token) throws Exception {
        Unverified parsed = unverified(token);
        if (parsed.refusal() != null) return parsed.refusal();
        JwtClaims claims = parsed.claims();
        if (!List.of("Exchange.Callback.V1", "Exchange.ScopedToken.V1").contains(claims.getClaimValue("ver"))) {
            return "WRONG_VERSION";
        }
        if (!vectors.get("issuer").asText().equals(claims.getClaimValue("iss"))) return "UNTRUSTED_ISSUER";
        JsonNode document = vectors.get("metadataDocuments").get(vectors.get("metadataUrl").asText());
        String verdict = jose4jVerify(parsed, document, vectors, vectors.get("audience").asText(), vectors.get("issuer").asText());
        if (!verdict.equals("VALID")) return verdict;
        String atRealm = "@" + vectors.get("realm").asText();
        if (!String.valueOf(claims.getClaimValue("nameid")).endsWith(atRealm)
                || !String.valueOf(claims.getClaimValue("appctxsender")).endsWith("/" + atRealm)) {
            return "UNTRUSTED_ISSUER";
        }
        return appctx(claims).get("smtp") == null ? "MALFORMED" : "VALID";
    }

    /**
     * jose4j's own checks with the key of {@code document} that x5t names: RS256 only, the signature, aud (and iss), nbf
     * and exp with the skew.
     */
    static String jose4jVerify(Unverified parsed, JsonNode document, JsonNode vectors, String audience, String issuer)
            throws Exception {
        X509Certificate cert = byX5t(document, parsed.jws().getX509CertSha1ThumbprintHeaderValue());
        if (cert == null) return "UNKNOWN_KEY";
        JwtClaims claims = parsed.claims();
        // Microsoft's documentation shows nbf/exp as strings of digits; RFC 7519 wants numbers: accept both.
        for (String name : List.of("nbf", "exp")) {
            if (claims.getClaimValue(name) instanceof String s && s.matches("\\d{1,12}")) {
                claims.setNumericDateClaim(name, NumericDate.fromSeconds(Long.parseLong(s)));
            }
        }
        JwtConsumerBuilder b = new JwtConsumerBuilder()
                .setVerificationKey(cert.getPublicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedAudience(audience)
                .setRequireNotBefore()
                .setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromSeconds(vectors.get("now").asLong()))
                .setAllowedClockSkewInSeconds((int) vectors.get("clockSkewSeconds").asLong());
        if (issuer != null) b.setExpectedIssuer(issuer);
        try {
            b.build().processContext(parsed.context());
            return "VALID";
        } catch (InvalidJwtException e) {
            if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) return "BAD_SIGNATURE";
            if (e.hasErrorCode(ErrorCodes.EXPIRED)) return "EXPIRED";
            if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) return "NOT_YET_VALID";
            if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)) return "AUDIENCE_MISMATCH";
            if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) return "UNTRUSTED_ISSUER";
            return "MALFORMED";
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> appctx(JwtClaims claims) throws Exception {
        Object appctx = claims.getClaimValue("appctx");
        if (appctx instanceof String s) return org.jose4j.json.JsonUtil.parseJson(s);
        if (appctx instanceof Map<?, ?> m) return (Map<String, Object>) m;
        return Map.of();
    }

    /** Exchange's header names the certificate twice: a kid must be x5t's thumbprint in hex. */
    static boolean kidMatches(JsonWebSignature jws) {
        String kid = jws.getKeyIdHeaderValue();
        String x5t = jws.getX509CertSha1ThumbprintHeaderValue();
        return kid == null || x5t != null
                && kid.equalsIgnoreCase(java.util.HexFormat.of().formatHex(Base64.getUrlDecoder().decode(x5t)));
    }

    static X509Certificate byX5t(JsonNode document, String x5t) throws Exception {
        for (X509Certificate c : certificates(document)) if (X509Util.x5t(c).equals(x5t)) return c;
        return null;
    }

    // ---------------------------------------------------------------- writing the vectors (on purpose only)

    record Keys(SigningKey signer, SigningKey other, SigningKey unknown) {
        static Keys generate() {
            Clock at = Clock.fixed(ISSUED.minus(Duration.ofDays(1)), ZoneOffset.UTC);
            return new Keys(SigningKeys.generate("mail.contoso.com", Duration.ofDays(3650), at),
                    SigningKeys.generate("mail2.contoso.com", Duration.ofDays(3650), at),
                    SigningKeys.generate("unknown.invalid", Duration.ofDays(3650), at));
        }
    }

    static ObjectNode identityVectors() throws Exception {
        Keys keys = Keys.generate();
        ObjectNode root = header("Exchange identity tokens (CallerIdentity) for an add-in back end",
                "Validate each token as Microsoft documents it (docs/tokens.md): only RS256; a kid, if the header has one, equal to "
                        + "x5t's thumbprint in hex; appctx (a JSON string or an "
                        + "object) with version ExIdTok.V1; aud equal to 'audience'; now within nbf..exp give or take "
                        + "clockSkewSeconds; amurl one of trustedMetadataUrls (never fetch another); the key whose "
                        + "thumbprint is the header's x5t in the document at amurl (here: metadataDocuments[amurl]).",
                IDENTITY_SKEW);
        root.put("audience", AUDIENCE);
        root.set("trustedMetadataUrls", JSON.valueToTree(List.of(METADATA.toString(), METADATA_SIGNER_SECOND.toString())));
        ObjectNode documents = root.putObject("metadataDocuments");
        documents.set(METADATA.toString(), document(METADATA, keys.signer(), keys.other()));
        documents.set(METADATA_SIGNER_SECOND.toString(), document(METADATA_SIGNER_SECOND, keys.other(), keys.signer()));
        ArrayNode cases = root.putArray("cases");

        String valid = identity(keys.signer(), METADATA, Duration.ZERO, AUDIENCE);
        add(cases, "valid", valid, null, "A token in the form real Exchange sends: header {alg,kid,x5t,typ}, nbf/exp "
                + "numbers, isbrowserhostedapp \"False\", appctx a JSON string.");
        add(cases, "expired", identity(keys.signer(), METADATA, Duration.ofHours(-9), AUDIENCE), "EXPIRED",
                "exp lies before now minus the clock skew.");
        add(cases, "not-yet-valid", identity(keys.signer(), METADATA, Duration.ofMinutes(30), AUDIENCE), "NOT_YET_VALID",
                "nbf lies after now plus the clock skew.");
        add(cases, "wrong-audience", identity(keys.signer(), METADATA, Duration.ZERO, "https://other.example/app.html"),
                "AUDIENCE_MISMATCH", "aud is another add-in's URL.");
        String[] parts = valid.split("\\.");
        String noneHeader = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        add(cases, "alg-none", noneHeader + "." + parts[1] + ".", "UNSUPPORTED_ALGORITHM",
                "alg none, without a signature: refuse whatever the payload says.");
        String hsHeader = b64("{\"alg\":\"HS256\",\"x5t\":\"" + keys.signer().keyId() + "\",\"typ\":\"JWT\"}");
        add(cases, "alg-hs256", hsHeader + "." + parts[1] + "." + hmac(keys.signer().certificate().getPublicKey().getEncoded(),
                hsHeader + "." + parts[1]), "UNSUPPORTED_ALGORITHM",
                "HS256 keyed with the published public key's bytes (algorithm confusion): only RS256 is accepted.");
        add(cases, "unknown-x5t", identity(keys.unknown(), METADATA, Duration.ZERO, AUDIENCE), "UNKNOWN_KEY",
                "Well signed, but by a key the metadata document does not list.");
        add(cases, "untrusted-amurl", identity(keys.signer(), UNTRUSTED, Duration.ZERO, AUDIENCE),
                "UNTRUSTED_METADATA_LOCATION", "amurl names a server that is not trusted: never fetch it.");
        String tampered = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8).replace(UID, UUID.randomUUID().toString());
        add(cases, "tampered-payload", parts[0] + "." + b64(tampered) + "." + parts[2], "BAD_SIGNATURE",
                "The payload was changed after signing (another msexchuid).");
        add(cases, "signer-not-first-key", identity(keys.signer(), METADATA_SIGNER_SECOND, Duration.ZERO, AUDIENCE), null,
                "The document at amurl lists another key first: pick the key by x5t, not keys[0].");
        add(cases, "appctx-object", signed(keys.signer(), realHeader(keys.signer()), identityPayload(
                appctxObject(METADATA), ISSUED.getEpochSecond(), ISSUED.plusSeconds(28800).getEpochSecond(), false, "False")),
                null, "appctx as a JSON object rather than a string: accept both.");
        add(cases, "documented-form", signed(keys.signer(), documentedHeader(keys.signer()), identityPayload(
                appctxObject(METADATA), ISSUED.getEpochSecond(), ISSUED.plusSeconds(28800).getEpochSecond(), true, "false")),
                null, "The form of Microsoft's documentation: header {typ,alg,x5t} without kid, nbf and exp as strings "
                        + "of digits, isbrowserhostedapp \"false\": accept it as well.");
        add(cases, "kid-not-x5t", signed(keys.signer(), "{\"alg\":\"RS256\",\"kid\":\"" + SigningKeys.hexThumbprint(
                keys.other().keyId()) + "\",\"x5t\":\"" + keys.signer().keyId() + "\",\"typ\":\"JWT\"}",
                new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8)), "MALFORMED",
                "kid names another certificate than x5t: validators picking by kid and by x5t would disagree.");
        return root;
    }

    static ObjectNode callbackVectors() throws Exception {
        Keys keys = Keys.generate();
        ObjectNode root = header("Exchange callback tokens (ExtensionCallback, ScopedToken) for an EWS resource server",
                "Validate each token as docs/tokens.md says a resource server must: only RS256; a kid, if any, equal to x5t's "
                        + "thumbprint in hex; the key whose thumbprint "
                        + "is x5t among the keys of metadataDocuments[metadataUrl] (configured, not named by the "
                        + "token); iss equal to 'issuer'; ver Exchange.Callback.V1 or Exchange.ScopedToken.V1; aud "
                        + "equal to 'audience'; now within nbf..exp give or take clockSkewSeconds; nameid ending in "
                        + "@realm and appctxsender in /@realm; appctx (string or object) with smtp.", CALLBACK_SKEW);
        root.put("realm", REALM);
        root.put("issuer", ISSUER);
        root.put("audience", CALLBACK_AUD);
        root.put("ewsUrl", EWS.toString());
        root.put("metadataUrl", METADATA.toString());
        root.putObject("metadataDocuments").set(METADATA.toString(), document(METADATA, keys.other(), keys.signer()));
        ArrayNode cases = root.putArray("cases");
        String valid = callback(keys.signer(), CallbackKind.EXTENSION_CALLBACK, Duration.ZERO, "ParentItemId:" + ITEM, EWS);
        add(cases, "valid-item-scoped", valid, null, "An EWS callback token scoped to one item, as Exchange sends it; the "
                + "document lists another key first.");
        add(cases, "valid-mailbox-wide", callback(keys.signer(), CallbackKind.EXTENSION_CALLBACK, Duration.ZERO, null, EWS),
                null, "No item named when it was issued: mailbox-wide, still read-only.");
        add(cases, "valid-scoped-token", callback(keys.signer(), CallbackKind.SCOPED, Duration.ZERO, "Mail.Read", EWS), null,
                "A ScopedToken with its scope in appctx.");
        add(cases, "expired", callback(keys.signer(), CallbackKind.EXTENSION_CALLBACK, Duration.ofMinutes(-10),
                "ParentItemId:" + ITEM, EWS), "EXPIRED", "exp (300 s after nbf) lies before now minus the skew.");
        add(cases, "not-yet-valid", callback(keys.signer(), CallbackKind.EXTENSION_CALLBACK, Duration.ofMinutes(10),
                "ParentItemId:" + ITEM, EWS), "NOT_YET_VALID", "nbf lies after now plus the skew.");
        add(cases, "wrong-audience", callback(keys.signer(), CallbackKind.EXTENSION_CALLBACK, Duration.ZERO,
                "ParentItemId:" + ITEM, URI.create("https://mail.fabrikam.com/EWS/Exchange.asmx")), "AUDIENCE_MISMATCH",
                "A token for another mail server's EWS (aud 00000002-…/mail.fabrikam.com@…).");
        String[] parts = valid.split("\\.");
        add(cases, "alg-none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".", "UNSUPPORTED_ALGORITHM",
                "alg none.");
        String hsHeader = b64("{\"alg\":\"HS256\",\"x5t\":\"" + keys.signer().keyId() + "\",\"typ\":\"JWT\"}");
        add(cases, "alg-hs256", hsHeader + "." + parts[1] + "." + hmac(keys.signer().certificate().getPublicKey().getEncoded(),
                hsHeader + "." + parts[1]), "UNSUPPORTED_ALGORITHM", "HS256 keyed with the public key's bytes.");
        add(cases, "unknown-x5t", callback(keys.unknown(), CallbackKind.EXTENSION_CALLBACK, Duration.ZERO, "ParentItemId:" + ITEM,
                EWS), "UNKNOWN_KEY", "Signed by a key that is not published.");
        String tampered = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8).replace(ITEM, "AAMkAnotherItem=");
        add(cases, "tampered-payload", parts[0] + "." + b64(tampered) + "." + parts[2], "BAD_SIGNATURE",
                "The item scope was changed after signing.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8);
        String objectAppctx = payload.replaceAll("\"appctx\":\"(.*)\"}$", "\"appctx\":$1}").replace("\\\"", "\"");
        add(cases, "appctx-object", signed(keys.signer(), realHeader(keys.signer()), objectAppctx), null,
                "appctx as a JSON object rather than a string: accept both.");
        String stringTimes = payload.replaceAll("\"nbf\":(\\d+)", "\"nbf\":\"$1\"").replaceAll("\"exp\":(\\d+)", "\"exp\":\"$1\"");
        add(cases, "string-nbf-exp", signed(keys.signer(), realHeader(keys.signer()), stringTimes), null,
                "nbf and exp as strings of digits, as Microsoft's documentation writes them: accept them.");
        return root;
    }

    static ObjectNode header(String title, String howToValidate, long skew) {
        ObjectNode root = JSON.createObjectNode();
        root.put("title", title);
        root.put("howToValidate", howToValidate);
        root.put("generatedBy", "ewstoken-validation TestVectorsTest; regenerate only on purpose with "
                + "-D" + REGENERATE + "=true (see docs/test-vectors/README.md)");
        root.put("now", NOW.getEpochSecond());
        root.put("nowIso", NOW.toString());
        root.put("clockSkewSeconds", skew);
        return root;
    }

    static void add(ArrayNode cases, String name, String token, String failure, String reason) {
        ObjectNode c = cases.addObject();
        c.put("name", name);
        c.put("valid", failure == null);
        if (failure != null) c.put("failure", failure);
        c.put("reason", reason);
        c.put("token", token);
    }

    static JsonNode document(URI url, SigningKey first, SigningKey second) throws Exception {
        return JSON.readTree(MetadataDocument.render("_" + UUID.nameUUIDFromBytes(url.toString().getBytes(UTF_8)), url,
                List.of(first.certificate(), second.certificate())));
    }

    static String identity(SigningKey key, URI amurl, Duration shift, String audience) {
        return minter(amurl, shift).identityToken(key, new IdentityTokenRequest(audience, UID, false)).value();
    }

    static String callback(SigningKey key, CallbackKind kind, Duration shift, String scope, URI ews) {
        TokenMinter minter = new TokenMinter(new IssuerSettings(REALM, METADATA, ews, REST, Duration.ofHours(8),
                Duration.ofSeconds(300)), Clock.fixed(ISSUED.plus(shift), ZoneOffset.UTC), null);
        return minter.callbackToken(key, new CallbackTokenRequest(kind, UID, "alice@contoso.com", "alice@contoso.com",
                "https://addin.contoso.com", scope)).value();
    }

    static TokenMinter minter(URI amurl, Duration shift) {
        return new TokenMinter(new IssuerSettings(REALM, amurl, EWS, REST, Duration.ofHours(8), Duration.ofSeconds(300)),
                Clock.fixed(ISSUED.plus(shift), ZoneOffset.UTC), null);
    }

    static String realHeader(SigningKey key) {
        return "{\"alg\":\"RS256\",\"kid\":\"" + SigningKeys.hexThumbprint(key.keyId()) + "\",\"x5t\":\"" + key.keyId()
                + "\",\"typ\":\"JWT\"}";
    }

    static String documentedHeader(SigningKey key) {
        return "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"" + key.keyId() + "\"}";
    }

    static String appctxObject(URI amurl) {
        return "{\"msexchuid\":\"" + UID + "\",\"version\":\"ExIdTok.V1\",\"amurl\":\"" + amurl + "\"}";
    }

    static String identityPayload(String appctxJson, long nbf, long exp, boolean stringTimes, String browserHosted) {
        String n = stringTimes ? "\"" + nbf + "\"" : String.valueOf(nbf);
        String x = stringTimes ? "\"" + exp + "\"" : String.valueOf(exp);
        return "{\"aud\":\"" + AUDIENCE + "\",\"iss\":\"" + ISSUER + "\",\"nbf\":" + n + ",\"exp\":" + x
                + ",\"appctxsender\":\"" + ISSUER + "\",\"isbrowserhostedapp\":\"" + browserHosted + "\",\"appctx\":"
                + appctxJson + "}";
    }

    static String signed(SigningKey key, String headerJson, String payloadJson) throws Exception {
        String input = b64(headerJson) + "." + b64(payloadJson);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.privateKey());
        rsa.update(input.getBytes(UTF_8));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    }

    static String hmac(byte[] secret, String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(UTF_8)));
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(UTF_8));
    }
}
