package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.ewstoken.server.Envelopes.DOCUMENTED_ADDIN;
import static org.ewstoken.server.Envelopes.DOCUMENTED_AUDIENCE;
import static org.ewstoken.server.Envelopes.getClientAccessToken;
import static org.ewstoken.server.Envelopes.scopedRequest;
import static org.ewstoken.server.Envelopes.tokenRequest;
import static org.ewstoken.server.TestServer.ISSUER;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ewstoken.server.SoapResponses.Message;
import org.ewstoken.store.Permission;
import org.ewstoken.store.User;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GetClientAccessToken over HTTP, per token type and per rule. */
class GetClientAccessTokenTest {

    static final String RESTRICTED = "0b7e4c4e-55d9-4a51-a0bb-6fa6a8f0a001";
    static final String DISABLED = "0b7e4c4e-55d9-4a51-a0bb-6fa6a8f0a002";
    static final String BOBS_OWN = "0b7e4c4e-55d9-4a51-a0bb-6fa6a8f0a003";
    static final String ALICES_OWN = "0b7e4c4e-55d9-4a51-a0bb-6fa6a8f0a004";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static User alice;

    @BeforeAll
    static void start() throws Exception {
        alice = server.addUser(TestServer.ALICE);
        server.addUser(TestServer.BOB);
        server.addAddIn(DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_WRITE_ITEM, DOCUMENTED_AUDIENCE,
                Set.of("Mail.Read", "ParentItemId:AAMkAD"), true, null);
        server.addAddIn(RESTRICTED, Permission.RESTRICTED, "https://restricted.example/app.html",
                Set.of("Mail.Read"), true, null);
        server.addAddIn(DISABLED, Permission.READ_ITEM, "https://disabled.example/app.html", Set.of(), false, null);
        server.addAddIn(BOBS_OWN, Permission.READ_ITEM, "https://bob.example/app.html", Set.of(), true,
                TestServer.BOB);
        server.addAddIn(ALICES_OWN, Permission.READ_ITEM, "https://alice.example/app.html", Set.of(), true,
                TestServer.ALICE);
    }

    private static List<Message> ask(String envelope) throws Exception {
        HttpResponse<String> r = server.soap(envelope, TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/xml").containsIgnoringCase("charset=utf-8"));
        return SoapResponses.messages(r.body());
    }

    /** One request, asking as {@code version}, for a token of each of {@code types} for {@code addIn}. */
    private static List<Message> askEach(String version, String addIn, String... types) throws Exception {
        return ask(getClientAccessToken(version, Arrays.stream(types).map(t -> tokenRequest(addIn, t)).toArray(String[]::new)));
    }

    @Test
    void theDocumentedRequestGetsAnIdentityTokenThatVerifiesWithTheMetadataCertificate() throws Exception {
        List<Message> messages = ask(Envelopes.documented());

        assertThat(messages).hasSize(1);
        Message m = messages.get(0);
        assertThat(m.responseClass()).isEqualTo("Success");
        assertThat(m.responseCode()).isEqualTo("NoError");
        assertThat(m.id()).isEqualTo(DOCUMENTED_ADDIN);
        assertThat(m.tokenType()).isEqualTo("CallerIdentity");
        assertThat(m.ttl()).isBetween(479L, 480L);

        String token = m.tokenValue();
        assertThat(Jwts.headerJson(token))
                .matches("\\{\"alg\":\"RS256\",\"kid\":\"[0-9A-F]{40}\",\"x5t\":\"[A-Za-z0-9_-]{27}\",\"typ\":\"JWT\"}");
        X509Certificate cert = server.publishedCertificate(Jwts.header(token).get("x5t").asText());
        assertThat(cert).as("the signing certificate is in the metadata document").isNotNull();

        JwtClaims claims = Jwts.verify(token, cert, DOCUMENTED_AUDIENCE, ISSUER);
        assertThat(claims.getExpirationTime().getValue() - claims.getNotBefore().getValue()).isEqualTo(8 * 3600);
        assertThat(claims.getStringClaimValue("appctxsender")).isEqualTo(ISSUER);
        assertThat(claims.getStringClaimValue("isbrowserhostedapp")).isEqualTo("False");
        JsonNode appctx = new ObjectMapper().readTree(claims.getStringClaimValue("appctx"));
        assertThat(appctx.get("msexchuid").asText()).isEqualTo(alice.exchangeUid().toString());
        assertThat(appctx.get("version").asText()).isEqualTo("ExIdTok.V1");
        assertThat(appctx.get("amurl").asText())
                .isEqualTo("http://127.0.0.1:" + server.server().port() + "/autodiscover/metadata/json/1");
    }

    @Test
    void aTokenDoesNotVerifyWithAnotherAudienceOrWhenTampered() throws Exception {
        String token = ask(Envelopes.documented()).get(0).tokenValue();
        X509Certificate cert = server.publishedCertificate(Jwts.header(token).get("x5t").asText());
        assertThatThrownBy(() -> Jwts.verify(token, cert, "https://evil.example/", ISSUER)).isInstanceOf(Exception.class);
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThatThrownBy(() -> Jwts.verify(tampered, cert, DOCUMENTED_AUDIENCE, ISSUER)).isInstanceOf(Exception.class);
    }

    @Test
    void everyTokenRequestIsAnsweredInOrderAndOneBadRequestDoesNotFailTheOthers() throws Exception {
        List<Message> messages = ask(getClientAccessToken("Exchange2016",
                tokenRequest(DOCUMENTED_ADDIN, "ExtensionCallback"),
                tokenRequest("ffffffff-ffff-ffff-ffff-ffffffffffff", "CallerIdentity"),
                tokenRequest(DOCUMENTED_ADDIN, "CallerIdentity"),
                tokenRequest(RESTRICTED, "CallerIdentity"),
                tokenRequest(DOCUMENTED_ADDIN, "ExtensionRestApiCallback")));

        assertThat(messages).extracting(Message::responseCode).containsExactly("NoError", "ErrorExtensionNotFound",
                "NoError", "ErrorInvalidClientAccessTokenRequest", "NoError");
        assertThat(messages).extracting(Message::tokenType)
                .containsExactly("ExtensionCallback", null, "CallerIdentity", null, "ExtensionRestApiCallback");
    }

    @Test
    void callbackTokensHaveTheClaimsOfExchangesAndAreScopedToTheItemTheRequestNames() throws Exception {
        String item = "AAMkADliYTYxYmU3LWZmZDItNDc1NS05ZDJlLTEzMTEzYTcxZjJiMgBGAAAAAACD1PGbVJwsSJGpKm1YY3txBwDk=";
        List<Message> messages = ask(getClientAccessToken("Exchange2013_SP1",
                tokenRequest(DOCUMENTED_ADDIN, "ExtensionCallback", "ParentItemId:" + item, null),
                tokenRequest(DOCUMENTED_ADDIN, "ExtensionRestApiCallback"),
                tokenRequest(DOCUMENTED_ADDIN, "ExtensionCallback"),
                tokenRequest(DOCUMENTED_ADDIN, "ExtensionCallback", null, "ParentItemId:" + item)));
        String realm = "127.0.0.1";
        String aud = "00000002-0000-0ff1-ce00-000000000000/127.0.0.1@" + realm;

        for (Message m : messages) {
            assertThat(m.responseClass()).isEqualTo("Success");
            assertThat(m.ttl()).isBetween(4L, 5L);
        }
        String callback = messages.get(0).tokenValue();
        X509Certificate cert = server.publishedCertificate(Jwts.header(callback).get("x5t").asText());
        JwtClaims c = Jwts.verify(callback, cert, aud, ISSUER);
        assertThat(c.getClaimNames()).containsExactly("aud", "iss", "nbf", "exp", "nameid", "ver", "appctxsender", "appctx");
        assertThat(c.getExpirationTime().getValue() - c.getNotBefore().getValue()).isEqualTo(300);
        assertThat(c.getStringClaimValue("nameid")).isEqualTo(alice.exchangeUid() + "@" + realm);
        assertThat(c.getStringClaimValue("ver")).isEqualTo("Exchange.Callback.V1");
        assertThat(c.getStringClaimValue("appctxsender")).isEqualTo("https://addin.contoso.com/@" + realm);
        JsonNode appctx = new ObjectMapper().readTree(c.getStringClaimValue("appctx"));
        assertThat(appctx.get("oid").asText()).isEqualTo(alice.exchangeUid().toString());
        assertThat(appctx.get("smtp").asText()).isEqualTo(TestServer.ALICE);
        assertThat(appctx.get("upn").asText()).isEqualTo(TestServer.ALICE);
        assertThat(appctx.get("scope").asText()).isEqualTo("ParentItemId:" + item);

        JwtClaims rest = Jwts.verify(messages.get(1).tokenValue(), cert, aud, ISSUER);
        assertThat(rest.getStringClaimValue("ver")).isEqualTo("Exchange.RestApiCallback.V1");
        assertThat(new ObjectMapper().readTree(rest.getStringClaimValue("appctx")).has("scope")).as("mailbox-wide").isFalse();
        assertThat(Jwts.payload(messages.get(2).tokenValue()).get("appctx").asText()).doesNotContain("scope");
        assertThat(Jwts.payload(messages.get(3).tokenValue()).get("appctx").asText()).contains("ParentItemId:" + item);
    }

    @Test
    void aCallbackRequestWhoseScopeIsNotAnItemIsRefused() throws Exception {
        List<Message> messages = ask(getClientAccessToken("Exchange2013_SP1",
                tokenRequest(DOCUMENTED_ADDIN, "ExtensionCallback", "Mail.ReadWrite", null),
                tokenRequest(DOCUMENTED_ADDIN, "ExtensionCallback", "ParentItemId:AAA=", "ParentItemId:BBB="),
                tokenRequest(DOCUMENTED_ADDIN, "ExtensionCallback", "ParentItemId:&lt;x&gt;", null)));

        assertThat(messages).extracting(Message::responseCode).containsOnly("ErrorInvalidClientAccessTokenRequest");
        assertThat(messages.get(0).messageText()).contains("ParentItemId:");
        assertThat(messages.get(1).messageText()).contains("different items");
    }

    @Test
    void aScopedTokenIsIssuedOnlyForAnAllowedScopeAndIsLimitedToIt() throws Exception {
        List<Message> messages = ask(getClientAccessToken(null,
                scopedRequest(DOCUMENTED_ADDIN, "Mail.Read"),
                scopedRequest(DOCUMENTED_ADDIN, "Mail.Send"),
                tokenRequest(DOCUMENTED_ADDIN, "ScopedToken")));

        assertThat(messages).extracting(Message::responseCode).containsExactly("NoError",
                "ErrorInvalidClientAccessTokenRequest", "ErrorInvalidClientAccessTokenRequest");
        assertThat(Jwts.payload(messages.get(0).tokenValue()).get("appctx").asText()).contains("\"scope\":\"Mail.Read\"");
        assertThat(messages.get(1).messageText()).contains("Mail.Send");
    }

    @Test
    void unsupportedTokenTypesGetAnErrorMessageNotAFault() throws Exception {
        List<Message> messages = askEach("Exchange2016", DOCUMENTED_ADDIN,
                "Connectors", "Loki", "DesktopOutlook");

        assertThat(messages).hasSize(3)
                .extracting(Message::responseClass, Message::responseCode, Message::tokenValue)
                .containsOnly(tuple("Error", "ErrorInvalidClientAccessTokenRequest", null));
        assertThat(messages).extracting(Message::messageText).allMatch(text -> text.contains("not supported"));
    }

    @Test
    void anAddInBelowReadItemGetsTheDocumentedPermissionErrorForEachIdentityAndCallbackType() throws Exception {
        List<Message> messages = askEach("Exchange2013", RESTRICTED,
                "CallerIdentity", "ExtensionCallback", "ExtensionRestApiCallback");

        assertThat(messages).hasSize(3).extracting(Message::responseCode, Message::messageText).containsOnly(
                tuple("ErrorInvalidClientAccessTokenRequest", "The caller does not have enough permission for this token request."));
    }

    @Test
    void aDisabledAddInIsRefused() throws Exception {
        Message m = ask(getClientAccessToken(null, tokenRequest(DISABLED, "CallerIdentity"))).get(0);
        assertThat(m.responseCode()).isEqualTo("ErrorInvalidClientAccessTokenRequest");
        assertThat(m.messageText()).contains("disabled");
    }

    @Test
    void anAddInInstalledForAnotherUserIsNotFoundButOnesOwnIsServed() throws Exception {
        List<Message> messages = ask(getClientAccessToken(null,
                tokenRequest(BOBS_OWN, "CallerIdentity"),
                tokenRequest(ALICES_OWN, "CallerIdentity"),
                tokenRequest("not-a-guid", "CallerIdentity"),
                tokenRequest("", "CallerIdentity")));

        assertThat(messages).extracting(Message::responseCode).containsExactly(
                "ErrorExtensionNotFound", "NoError", "ErrorExtensionNotFound", "ErrorExtensionNotFound");
    }

    @Test
    void theEndpointPathIsCaseInsensitiveAndTheAddInIdIsToo() throws Exception {
        HttpResponse<String> r = server.soap(getClientAccessToken(null,
                        tokenRequest(DOCUMENTED_ADDIN.toLowerCase(), "CallerIdentity")),
                TestServer.ALICE, TestServer.PASSWORD, "/ews/exchange.asmx");
        assertThat(r.statusCode()).isEqualTo(200);
        Message m = SoapResponses.messages(r.body()).get(0);
        assertThat(m.responseCode()).isEqualTo("NoError");
        assertThat(m.id()).isEqualTo(DOCUMENTED_ADDIN.toLowerCase());
    }

    @Test
    void identityTokensOfOneUserAndAddInCarryTheSameStableMsexchuid() throws Exception {
        String a = ask(Envelopes.documented()).get(0).tokenValue();
        String b = ask(Envelopes.documented()).get(0).tokenValue();
        JsonNode ctxA = new ObjectMapper().readTree(Jwts.payload(a).get("appctx").asText());
        JsonNode ctxB = new ObjectMapper().readTree(Jwts.payload(b).get("appctx").asText());
        assertThat(ctxA.get("msexchuid")).isEqualTo(ctxB.get("msexchuid"));
    }
}
