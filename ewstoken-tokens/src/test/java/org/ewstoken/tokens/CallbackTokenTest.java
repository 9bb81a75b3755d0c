package org.ewstoken.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.tokens.Fixtures.CLOCK;
import static org.ewstoken.tokens.Fixtures.ISSUER;
import static org.ewstoken.tokens.Fixtures.METADATA_URL;
import static org.ewstoken.tokens.Fixtures.NOW_SECONDS;
import static org.ewstoken.tokens.Fixtures.REALM;
import static org.ewstoken.tokens.Fixtures.SETTINGS;
import static org.ewstoken.tokens.Fixtures.keyA;
import static org.ewstoken.tokens.Fixtures.keyB;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Callback tokens in the shape of the real Exchange callback token (REFERENCE §5). */
class CallbackTokenTest {
    private static final String SMTP = "alice@contoso.com";
    private static final String UID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private static final String ORIGIN = "https://localhost:3000";
    private static final String ITEM = "ParentItemId:AAMkADliYTYxYmU3LWZmZDItNDc1NS05ZDJlLTEzMTEzYTcxZjJiMgBGAAA=";

    private final TokenMinter minter = new TokenMinter(SETTINGS, CLOCK, null);

    private static CallbackTokenRequest request(CallbackKind kind) {
        return new CallbackTokenRequest(kind, UID, SMTP, SMTP, ORIGIN, kind == CallbackKind.SCOPED ? "Mail.Read" : ITEM);
    }

    @ParameterizedTest
    @EnumSource(CallbackKind.class)
    void headerIsTheSameAsTheIdentityTokens(CallbackKind kind) throws Exception {
        IssuedToken token = minter.callbackToken(keyA(), request(kind));
        assertThat(Jwt.decode(token.value()).headerJson()).startsWith("{\"alg\":\"RS256\",\"kid\":\"")
                .endsWith("\"x5t\":\"" + keyA().keyId() + "\",\"typ\":\"JWT\"}");
    }

    @Test
    void payloadIsExactlyTheExchangeCallbackToken() throws Exception {
        IssuedToken token = minter.callbackToken(keyA(), request(CallbackKind.EXTENSION_CALLBACK));
        assertThat(Jwt.decode(token.value()).payloadJson()).isEqualTo("{"
                + "\"aud\":\"00000002-0000-0ff1-ce00-000000000000/mail.contoso.com@mail.contoso.com\","
                + "\"iss\":\"00000002-0000-0ff1-ce00-000000000000@mail.contoso.com\","
                + "\"nbf\":1736935200,"
                + "\"exp\":1736935500,"
                + "\"nameid\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301@mail.contoso.com\","
                + "\"ver\":\"Exchange.Callback.V1\","
                + "\"appctxsender\":\"https://localhost:3000/@mail.contoso.com\","
                + "\"appctx\":\"{\\\"oid\\\":\\\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\\\","
                + "\\\"smtp\\\":\\\"alice@contoso.com\\\",\\\"upn\\\":\\\"alice@contoso.com\\\","
                + "\\\"scope\\\":\\\"" + ITEM + "\\\"}\""
                + "}");
    }

    @ParameterizedTest
    @EnumSource(CallbackKind.class)
    void claimsAreThoseOfTheRealTokenAndNoOthers(CallbackKind kind) throws Exception {
        Jwt jwt = Jwt.decode(minter.callbackToken(keyA(), request(kind)).value());
        assertThat(jwt.claimNames()).containsExactly("aud", "iss", "nbf", "exp", "nameid", "ver", "appctxsender", "appctx");
        JsonNode claims = jwt.payload();
        assertThat(claims.get("iss").asText()).isEqualTo(ISSUER);
        assertThat(claims.get("aud").asText()).isEqualTo("00000002-0000-0ff1-ce00-000000000000/mail.contoso.com@" + REALM);
        assertThat(claims.get("ver").asText()).isEqualTo(kind.version());
        assertThat(claims.get("nameid").asText()).isEqualTo(UID + "@" + REALM);
        assertThat(claims.get("appctxsender").asText()).isEqualTo(ORIGIN + "/@" + REALM);
        assertThat(claims.get("appctx").isTextual()).isTrue();
        Jwt appctx = Jwt.ofPayload(claims.get("appctx").asText());
        assertThat(appctx.claimNames()).containsExactly("oid", "smtp", "upn", "scope");
        assertThat(appctx.payload().get("oid").asText()).isEqualTo(UID);
        assertThat(appctx.payload().get("smtp").asText()).isEqualTo(SMTP);
    }

    @Test
    void aMailboxWideTokenHasNoScope() throws Exception {
        IssuedToken token = minter.callbackToken(keyA(),
                new CallbackTokenRequest(CallbackKind.EXTENSION_CALLBACK, UID, SMTP, SMTP, ORIGIN, null));
        Jwt appctx = Jwt.ofPayload(Jwt.decode(token.value()).payload().get("appctx").asText());
        assertThat(appctx.claimNames()).containsExactly("oid", "smtp", "upn");
    }

    @Test
    void versionsNameTheTokenType() {
        assertThat(CallbackKind.EXTENSION_CALLBACK.version()).isEqualTo("Exchange.Callback.V1");
        assertThat(CallbackKind.REST_API_CALLBACK.version()).isEqualTo("Exchange.RestApiCallback.V1");
        assertThat(CallbackKind.SCOPED.version()).isEqualTo("Exchange.ScopedToken.V1");
    }

    @ParameterizedTest
    @EnumSource(CallbackKind.class)
    void isValidForTheCallbackLifetimeFromIssue(CallbackKind kind) throws Exception {
        IssuedToken token = minter.callbackToken(keyA(), request(kind));
        JsonNode claims = Jwt.decode(token.value()).payload();

        assertThat(claims.get("nbf").asLong()).isEqualTo(NOW_SECONDS);
        assertThat(claims.get("exp").asLong()).isEqualTo(NOW_SECONDS + 300);
        assertThat(token.expiresAt().getEpochSecond()).isEqualTo(NOW_SECONDS + 300);
    }

    @ParameterizedTest
    @EnumSource(CallbackKind.class)
    void verifiesWithAnotherJwtLibraryUsingTheMetadataDocument(CallbackKind kind) throws Exception {
        IssuedToken token = minter.callbackToken(keyA(), request(kind));
        byte[] document = MetadataDocument.render("_doc", METADATA_URL,
                List.of(keyB().certificate(), keyA().certificate()));

        JwtClaims claims = Jwt.verify(token.value(), Fixtures.publishedKey(document, Jwt.x5t(token.value())),
                SETTINGS.callbackAudience(kind));

        assertThat(claims.getStringClaimValue("nameid")).isEqualTo(UID + "@" + REALM);
    }

    @Test
    void aTokenSignedWithKeyADoesNotVerifyWithKeyB() {
        IssuedToken token = minter.callbackToken(keyA(), request(CallbackKind.EXTENSION_CALLBACK));
        assertThatThrownBy(() -> Jwt.verify(token.value(), keyB().certificate().getPublicKey(),
                SETTINGS.callbackAudience(CallbackKind.EXTENSION_CALLBACK)))
                .isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void aScopedTokenRequestNeedsAScope() {
        assertThatThrownBy(() -> new CallbackTokenRequest(CallbackKind.SCOPED, UID, SMTP, SMTP, ORIGIN, null))
                .isInstanceOf(NullPointerException.class).hasMessage("scope");
        assertThatThrownBy(() -> new CallbackTokenRequest(CallbackKind.SCOPED, UID, SMTP, SMTP, ORIGIN, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scope is blank");
    }

    @Test
    void theOriginOfAnAddInUrlDropsPathAndDefaultPort() {
        assertThat(CallbackTokenRequest.originOf("https://localhost:3000/taskpane.html")).isEqualTo("https://localhost:3000");
        assertThat(CallbackTokenRequest.originOf("HTTPS://AddIn.Contoso.com:443/read.html?x=1")).isEqualTo("https://addin.contoso.com");
        assertThatThrownBy(() -> CallbackTokenRequest.originOf("/relative")).isInstanceOf(IllegalArgumentException.class);
    }
}
