package org.ewstoken.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.tokens.Fixtures.CLOCK;
import static org.ewstoken.tokens.Fixtures.EWS_URL;
import static org.ewstoken.tokens.Fixtures.ISSUER;
import static org.ewstoken.tokens.Fixtures.METADATA_URL;
import static org.ewstoken.tokens.Fixtures.NOW_SECONDS;
import static org.ewstoken.tokens.Fixtures.REST_URL;
import static org.ewstoken.tokens.Fixtures.SETTINGS;
import static org.ewstoken.tokens.Fixtures.keyA;
import static org.ewstoken.tokens.Fixtures.keyB;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallbackTokenTest {
    private static final String SMTP = "alice@contoso.com";
    private static final String UID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private static final String ADD_IN = "1C50226D-04B5-4AB2-9FCD-42E236B59E4B";

    private final TokenMinter minter = new TokenMinter(SETTINGS, CLOCK, null);

    private static CallbackTokenRequest request(CallbackKind kind) {
        return new CallbackTokenRequest(kind, SMTP, UID, ADD_IN, "ReadItem",
                kind == CallbackKind.SCOPED ? "Mail.Read" : null);
    }

    private static String audienceOf(CallbackKind kind) {
        return (kind == CallbackKind.REST_API_CALLBACK ? REST_URL : EWS_URL).toString();
    }

    @ParameterizedTest
    @EnumSource(CallbackKind.class)
    void headerIsTheSameAsTheIdentityTokens(CallbackKind kind) throws Exception {
        IssuedToken token = minter.callbackToken(keyA(), request(kind));
        assertThat(Jwt.decode(token.value()).headerJson())
                .isEqualTo("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"" + keyA().keyId() + "\"}");
    }

    @ParameterizedTest
    @EnumSource(CallbackKind.class)
    void claimsComeInTheDocumentedOrder(CallbackKind kind) throws Exception {
        List<String> expected = new ArrayList<>(List.of("iss", "appctxsender", "aud", "nbf", "iat", "exp", "jti",
                "ver", "nameid", "smtp", "appid", "perm"));
        if (kind == CallbackKind.SCOPED) {
            expected.add("scp");
        }
        expected.add("isbrowserhostedapp");

        assertThat(Jwt.decode(minter.callbackToken(keyA(), request(kind)).value()).claimNames())
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(CallbackKind.class)
    void claimsIdentifyTheMailboxTheAddInAndItsPermission(CallbackKind kind) throws Exception {
        JsonNode claims = Jwt.decode(minter.callbackToken(keyA(), request(kind)).value()).payload();

        assertThat(claims.get("iss").asText()).isEqualTo(ISSUER);
        assertThat(claims.get("appctxsender").asText()).isEqualTo(ISSUER);
        assertThat(claims.get("aud").asText()).isEqualTo(audienceOf(kind));
        assertThat(claims.get("ver").asText()).isEqualTo(kind.version());
        assertThat(claims.get("nameid").asText()).isEqualTo(UID);
        assertThat(claims.get("smtp").asText()).isEqualTo(SMTP);
        assertThat(claims.get("appid").asText()).isEqualTo(ADD_IN);
        assertThat(claims.get("perm").asText()).isEqualTo("ReadItem");
        assertThat(claims.get("isbrowserhostedapp").asText()).isEqualTo("false");
        assertThat(UUID.fromString(claims.get("jti").asText()).version()).isEqualTo(4);
    }

    @Test
    void versionsNameTheTokenType() {
        assertThat(CallbackKind.EXTENSION_CALLBACK.version()).isEqualTo("Exchange.Callback.V1");
        assertThat(CallbackKind.REST_API_CALLBACK.version()).isEqualTo("Exchange.RestApiCallback.V1");
        assertThat(CallbackKind.SCOPED.version()).isEqualTo("Exchange.ScopedToken.V1");
    }

    @Test
    void onlyTheScopedTokenCarriesItsScope() throws Exception {
        assertThat(Jwt.decode(minter.callbackToken(keyA(), request(CallbackKind.SCOPED)).value())
                .payload().get("scp").asText()).isEqualTo("Mail.Read");
        assertThat(Jwt.decode(minter.callbackToken(keyA(), request(CallbackKind.EXTENSION_CALLBACK)).value())
                .payload().has("scp")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(CallbackKind.class)
    void isValidForTheCallbackLifetimeFromIssue(CallbackKind kind) throws Exception {
        IssuedToken token = minter.callbackToken(keyA(), request(kind));
        JsonNode claims = Jwt.decode(token.value()).payload();

        assertThat(claims.get("nbf").asLong()).isEqualTo(NOW_SECONDS);
        assertThat(claims.get("iat").asLong()).isEqualTo(NOW_SECONDS);
        assertThat(claims.get("exp").asLong()).isEqualTo(NOW_SECONDS + 5 * 60);
        assertThat(token.expiresAt().getEpochSecond()).isEqualTo(NOW_SECONDS + 5 * 60);
    }

    @Test
    void everyTokenHasItsOwnJti() throws Exception {
        String first = Jwt.decode(minter.callbackToken(keyA(), request(CallbackKind.EXTENSION_CALLBACK)).value())
                .payload().get("jti").asText();
        String second = Jwt.decode(minter.callbackToken(keyA(), request(CallbackKind.EXTENSION_CALLBACK)).value())
                .payload().get("jti").asText();
        assertThat(first).isNotEqualTo(second);
    }

    @ParameterizedTest
    @EnumSource(CallbackKind.class)
    void verifiesWithAnotherJwtLibraryUsingTheMetadataDocument(CallbackKind kind) throws Exception {
        IssuedToken token = minter.callbackToken(keyA(), request(kind));
        byte[] document = MetadataDocument.render("_doc", METADATA_URL,
                List.of(keyB().certificate(), keyA().certificate()));

        JwtClaims claims = Jwt.verify(token.value(), Fixtures.publishedKey(document, Jwt.x5t(token.value())),
                audienceOf(kind));

        assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW_SECONDS);
        assertThat(claims.getJwtId()).isNotBlank();
    }

    @Test
    void aTokenForEwsIsRefusedByARestAudienceCheck() {
        IssuedToken token = minter.callbackToken(keyA(), request(CallbackKind.EXTENSION_CALLBACK));
        assertThatThrownBy(() -> Jwt.verify(token.value(), keyA().certificate().getPublicKey(), REST_URL.toString()))
                .isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void aTokenSignedWithKeyADoesNotVerifyWithKeyB() {
        IssuedToken token = minter.callbackToken(keyA(), request(CallbackKind.EXTENSION_CALLBACK));
        assertThatThrownBy(() -> Jwt.verify(token.value(), keyB().certificate().getPublicKey(), EWS_URL.toString()))
                .isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void aScopedTokenRequestNeedsAScope() {
        assertThatThrownBy(() -> new CallbackTokenRequest(CallbackKind.SCOPED, SMTP, UID, ADD_IN, "ReadItem", null))
                .isInstanceOf(NullPointerException.class).hasMessage("scope");
        assertThatThrownBy(() -> new CallbackTokenRequest(CallbackKind.SCOPED, SMTP, UID, ADD_IN, "ReadItem", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scope is blank");
    }

    @Test
    void otherCallbackRequestsRefuseAScopeRatherThanDropIt() {
        assertThatThrownBy(() -> new CallbackTokenRequest(CallbackKind.EXTENSION_CALLBACK, SMTP, UID, ADD_IN,
                "ReadItem", "Mail.Read"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scope is only allowed for SCOPED tokens, not EXTENSION_CALLBACK");
    }
}
