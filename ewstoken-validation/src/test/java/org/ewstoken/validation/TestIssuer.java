package org.ewstoken.validation;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ewstoken.testkit.TestClock;
import org.ewstoken.tokens.CallbackKind;
import org.ewstoken.tokens.CallbackTokenRequest;
import org.ewstoken.tokens.IdentityTokenRequest;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.ewstoken.tokens.TokenMinter;

/**
 * Issues real tokens with ewstoken's own token engine (what the server runs), plus hand-made forgeries
 * for the attacks a validator must withstand.
 */
final class TestIssuer {

    static final String AUDIENCE = "https://addin.contoso.com/read.html";
    static final String REALM = "mail.contoso.com";
    static final URI EWS = URI.create("https://mail.contoso.com/EWS/Exchange.asmx");
    static final URI REST = URI.create("https://mail.contoso.com/api");
    static final String SMTP = "alice@contoso.com";
    static final String ADDIN = "1c50226d-04b5-4ab2-9fcd-42e236b59e4b";
    static final String ORIGIN = "https://addin.contoso.com";
    static final String ITEM_ID = "AAMkADliYTYxYmU3LWZmZDItNDc1NS05ZDJlLTEzMTEzYTcxZjJiMgBGAAA=";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** RSA key generation is the slow part of these tests: every issuer starts with this one. */
    private static final SigningKey FIRST_KEY = SigningKeys.generate("localhost", Duration.ofDays(30),
            java.time.Clock.systemUTC());

    final TestClock clock;
    final URI metadataUrl;
    final String exchangeUid = UUID.randomUUID().toString();
    private final TokenMinter minter;
    private volatile SigningKey key;

    TestIssuer(TestClock clock, URI metadataUrl) {
        this.clock = clock;
        this.metadataUrl = metadataUrl;
        this.minter = new TokenMinter(new IssuerSettings(REALM, metadataUrl, EWS, REST, Duration.ofHours(8),
                Duration.ofMinutes(5)), clock, null);
        this.key = FIRST_KEY;
    }

    /** An issuer on a clock standing at the real time, whose first key {@code server} publishes. */
    static TestIssuer publishedBy(MetadataServer server) throws Exception {
        TestIssuer issuer = new TestIssuer(TestClock.now(), server.metadataUrl());
        server.publish(List.of(issuer.key().certificate()));
        return issuer;
    }

    SigningKey newKey() {
        return SigningKeys.generate("localhost", Duration.ofDays(30), clock);
    }

    SigningKey key() {
        return key;
    }

    /** Signs with another key from now on; returns it. */
    SigningKey rotate() {
        key = newKey();
        return key;
    }

    String identityToken() {
        return identityToken(AUDIENCE);
    }

    String identityToken(String audience) {
        return minter.identityToken(key, new IdentityTokenRequest(audience, exchangeUid, false)).value();
    }

    /** A callback token scoped to {@link #ITEM_ID} (a ScopedToken: to Mail.Read). */
    String callbackToken(CallbackKind kind) {
        return callbackToken(kind, kind == CallbackKind.SCOPED ? "Mail.Read" : "ParentItemId:" + ITEM_ID);
    }

    /** A callback token with this appctx.scope (null: mailbox-wide). */
    String callbackToken(CallbackKind kind, String scope) {
        return minter.callbackToken(key, new CallbackTokenRequest(kind, exchangeUid, SMTP, SMTP, ORIGIN, scope)).value();
    }

    /** A callback token in the claim form ewstoken issued before it followed Exchange's. */
    String legacyCallbackToken(CallbackKind kind) throws Exception {
        long now = clock.instant().getEpochSecond();
        String issuer = "00000002-0000-0ff1-ce00-000000000000@" + REALM;
        String payload = "{\"iss\":\"" + issuer + "\",\"appctxsender\":\"" + issuer + "\",\"aud\":\""
                + (kind == CallbackKind.REST_API_CALLBACK ? REST : EWS) + "\",\"nbf\":" + now + ",\"iat\":" + now
                + ",\"exp\":" + (now + 300) + ",\"jti\":\"" + UUID.randomUUID() + "\",\"ver\":\"" + kind.version()
                + "\",\"nameid\":\"" + exchangeUid + "\",\"smtp\":\"" + SMTP + "\",\"appid\":\"" + ADDIN
                + "\",\"perm\":\"ReadItem\"" + (kind == CallbackKind.SCOPED ? ",\"scp\":\"Mail.Read\"" : "")
                + ",\"isbrowserhostedapp\":\"false\"}";
        return sign(header(), payload);
    }

    /** {"typ":"JWT","alg":"RS256","x5t":"<current key>"} */
    String header() {
        return "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"" + key.keyId() + "\"}";
    }

    /** A valid identity token payload with appctx as given (already JSON: a string literal or an object). */
    String identityPayload(String appctxJson) {
        long now = clock.instant().getEpochSecond();
        return "{\"aud\":\"" + AUDIENCE + "\",\"iss\":\"00000002-0000-0ff1-ce00-000000000000@" + REALM + "\","
                + "\"nbf\":" + now + ",\"exp\":" + (now + 3600) + ","
                + "\"appctxsender\":\"00000002-0000-0ff1-ce00-000000000000@" + REALM + "\","
                + "\"isbrowserhostedapp\":\"false\",\"appctx\":" + appctxJson + "}";
    }

    String appctxObject(String version) {
        return "{\"msexchuid\":\"" + exchangeUid + "\",\"version\":\"" + version + "\",\"amurl\":\"" + metadataUrl + "\"}";
    }

    /** RS256 over whatever header and payload JSON, with the current key: a forgery only if the issuer would not sign it. */
    String sign(String headerJson, String payloadJson) throws Exception {
        return sign(key, headerJson, payloadJson);
    }

    static String sign(SigningKey key, String headerJson, String payloadJson) throws Exception {
        String input = encode(headerJson) + "." + encode(payloadJson);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.privateKey());
        rsa.update(input.getBytes(UTF_8));
        return input + "." + B64.encodeToString(rsa.sign());
    }

    /** HMAC-SHA256 with the given secret: the algorithm-confusion attack uses the public key bytes. */
    static String hs256(byte[] secret, String headerJson, String payloadJson) throws Exception {
        String input = encode(headerJson) + "." + encode(payloadJson);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(UTF_8)));
    }

    static String encode(String json) {
        return B64.encodeToString(json.getBytes(UTF_8));
    }

    static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), UTF_8);
    }
}
