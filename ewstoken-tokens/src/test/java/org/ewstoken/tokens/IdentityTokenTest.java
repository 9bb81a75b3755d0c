package org.ewstoken.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.tokens.Fixtures.CLOCK;
import static org.ewstoken.tokens.Fixtures.ISSUER;
import static org.ewstoken.tokens.Fixtures.METADATA_URL;
import static org.ewstoken.tokens.Fixtures.NOW_SECONDS;
import static org.ewstoken.tokens.Fixtures.SETTINGS;
import static org.ewstoken.tokens.Fixtures.keyA;
import static org.ewstoken.tokens.Fixtures.keyB;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

class IdentityTokenTest {
    private static final String AUDIENCE = "https://addin.contoso.com/read.html";
    private static final String UID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    private final TokenMinter minter = new TokenMinter(SETTINGS, CLOCK, null);
    private final IssuedToken token = minter.identityToken(keyA(), new IdentityTokenRequest(AUDIENCE, UID, false));

    @Test
    void isACompactJwsOfThreeBase64UrlPartsWithoutPadding() {
        assertThat(token.value()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Test
    void headerIsAlgKidX5tTypInThatOrderAsRealExchangeTokens() throws Exception {
        String kid = java.util.HexFormat.of().withUpperCase()
                .formatHex(java.util.Base64.getUrlDecoder().decode(keyA().keyId()));
        assertThat(Jwt.decode(token.value()).headerJson()).isEqualTo("{\"alg\":\"RS256\",\"kid\":\"" + kid
                + "\",\"x5t\":\"" + keyA().keyId() + "\",\"typ\":\"JWT\"}");
        assertThat(kid).matches("[0-9A-F]{40}");
    }

    @Test
    void payloadIsExactlyTheExchangeIdentityTokenWithAppctxAsAJsonString() throws Exception {
        assertThat(Jwt.decode(token.value()).payloadJson()).isEqualTo("{"
                + "\"aud\":\"https://addin.contoso.com/read.html\","
                + "\"iss\":\"00000002-0000-0ff1-ce00-000000000000@mail.contoso.com\","
                + "\"nbf\":1736935200,"
                + "\"exp\":1736964000,"
                + "\"appctxsender\":\"00000002-0000-0ff1-ce00-000000000000@mail.contoso.com\","
                + "\"isbrowserhostedapp\":\"False\","
                + "\"appctx\":\"{\\\"msexchuid\\\":\\\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\\\","
                + "\\\"version\\\":\\\"ExIdTok.V1\\\","
                + "\\\"amurl\\\":\\\"https://mail.contoso.com:443/autodiscover/metadata/json/1\\\"}\""
                + "}");
    }

    @Test
    void claimsComeInTheDocumentedOrderWithTheDocumentedTypes() throws Exception {
        Jwt jwt = Jwt.decode(token.value());
        assertThat(jwt.claimNames())
                .containsExactly("aud", "iss", "nbf", "exp", "appctxsender", "isbrowserhostedapp", "appctx");
        JsonNode claims = jwt.payload();
        assertThat(claims.get("nbf").isIntegralNumber()).isTrue();
        assertThat(claims.get("exp").isIntegralNumber()).isTrue();
        assertThat(claims.get("isbrowserhostedapp").isTextual()).isTrue();
        assertThat(claims.get("appctx").isTextual()).isTrue();
        assertThat(claims.get("iss").asText()).isEqualTo(ISSUER);
        assertThat(claims.get("appctxsender").asText()).isEqualTo(ISSUER);
    }

    @Test
    void appctxHoldsMsexchuidVersionAndAmurlInThatOrder() throws Exception {
        Jwt appctx = Jwt.ofPayload(Jwt.decode(token.value()).payload().get("appctx").asText());
        assertThat(appctx.claimNames()).containsExactly("msexchuid", "version", "amurl");
        assertThat(appctx.payload().get("msexchuid").asText()).isEqualTo(UID);
        assertThat(appctx.payload().get("version").asText()).isEqualTo("ExIdTok.V1");
        assertThat(appctx.payload().get("amurl").asText()).isEqualTo(METADATA_URL.toString());
    }

    @Test
    void nbfIsNowInWholeSecondsAndExpAddsTheIdentityLifetime() throws Exception {
        JsonNode claims = Jwt.decode(token.value()).payload();
        assertThat(claims.get("nbf").asLong()).isEqualTo(NOW_SECONDS);
        assertThat(claims.get("exp").asLong() - claims.get("nbf").asLong()).isEqualTo(8 * 3600);
        assertThat(token.notBefore()).isEqualTo(Instant.ofEpochSecond(NOW_SECONDS));
        assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW_SECONDS + 8 * 3600));
        assertThat(token.keyId()).isEqualTo(keyA().keyId());
    }

    @Test
    void browserHostedAppIsTheStringTrueOrFalseCapitalisedAsDotNetPrintsIt() throws Exception {
        IssuedToken hosted = minter.identityToken(keyA(), new IdentityTokenRequest(AUDIENCE, UID, true));
        assertThat(Jwt.decode(hosted.value()).payload().get("isbrowserhostedapp").asText()).isEqualTo("True");
        assertThat(Jwt.decode(token.value()).payload().get("isbrowserhostedapp").asText()).isEqualTo("False");
    }

    @Test
    void verifiesWithAnotherJwtLibraryUsingOnlyTheCertificateFromTheMetadataDocument() throws Exception {
        // Key B is listed first so the verifier must really select by x5t.
        byte[] document = MetadataDocument.render("_doc", METADATA_URL,
                List.of(keyB().certificate(), keyA().certificate()));

        JwtClaims claims = Jwt.verify(token.value(), Fixtures.publishedKey(document, Jwt.x5t(token.value())),
                AUDIENCE);

        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getStringClaimValue("appctxsender")).isEqualTo(ISSUER);
        assertThat(Fixtures.JSON.readTree(claims.getStringClaimValue("appctx")).get("msexchuid").asText())
                .isEqualTo(UID);
    }

    @Test
    void aTokenSignedWithKeyADoesNotVerifyWithKeyB() {
        assertThatThrownBy(() -> Jwt.verify(token.value(), keyB().certificate().getPublicKey(), AUDIENCE))
                .isInstanceOf(InvalidJwtException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void claimValuesAreJsonEscapedNeverSpliced() throws Exception {
        String audience = "https://addin.contoso.com/read.html?x=\"},\"aud\":\"evil";
        String uid = "uid-with-\"quote\\-and-é";
        IssuedToken odd = minter.identityToken(keyA(), new IdentityTokenRequest(audience, uid, false));

        JsonNode claims = Jwt.decode(odd.value()).payload();
        assertThat(claims.get("aud").asText()).isEqualTo(audience);
        assertThat(Fixtures.JSON.readTree(claims.get("appctx").asText()).get("msexchuid").asText()).isEqualTo(uid);
    }

    @Test
    void requestNeedsAudienceAndExchangeUid() {
        assertThatThrownBy(() -> new IdentityTokenRequest(" ", UID, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("audience is blank");
        assertThatThrownBy(() -> new IdentityTokenRequest(AUDIENCE, null, false))
                .isInstanceOf(NullPointerException.class).hasMessage("exchangeUid");
    }
}
