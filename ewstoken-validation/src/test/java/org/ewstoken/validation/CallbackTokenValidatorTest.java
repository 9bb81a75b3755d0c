package org.ewstoken.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.ewstoken.tokens.CallbackKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a resource server checks on the callback tokens it receives as bearer tokens. */
class CallbackTokenValidatorTest extends PublishedIssuerTest {

    CallbackTokenValidator ews;

    @BeforeEach
    void setUp() throws Exception {
        ews = builder(KeySource.of(List.of(issuer.key().certificate())))
                .accept(TestIssuer.EWS, CallbackTokenKind.EXTENSION_CALLBACK, CallbackTokenKind.SCOPED).build();
    }

    CallbackTokenValidator.Builder builder(KeySource keys) {
        return CallbackTokenValidator.builder().issuerRealm(TestIssuer.REALM).keys(keys).clock(clock);
    }

    @Test
    void anExtensionCallbackTokenValidatesAndSaysWhatItGrants() throws Exception {
        CallbackToken t = ews.validate(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK));

        assertThat(t.kind()).isEqualTo(CallbackTokenKind.EXTENSION_CALLBACK);
        assertThat(t.mailboxUid()).isEqualTo(issuer.exchangeUid);
        assertThat(t.smtp()).isEqualTo(TestIssuer.SMTP);
        assertThat(t.upn()).isEqualTo(TestIssuer.SMTP);
        assertThat(t.addInOrigin()).contains(TestIssuer.ORIGIN);
        assertThat(t.addInId()).isEmpty();
        assertThat(t.legacyForm()).isFalse();
        assertThat(t.scope()).contains("ParentItemId:" + TestIssuer.ITEM_ID);
        assertThat(t.parentItemId()).contains(TestIssuer.ITEM_ID);
        assertThat(t.tokenId()).matches("sig-[A-Za-z0-9_-]{16}");
        assertThat(t.audience()).isEqualTo("00000002-0000-0ff1-ce00-000000000000/mail.contoso.com@mail.contoso.com");
        assertThat(t.expiresAt()).isEqualTo(t.notBefore().plus(Duration.ofMinutes(5)));
    }

    @Test
    void aMailboxWideTokenHasNoItemScope() throws Exception {
        CallbackToken t = ews.validate(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK, null));
        assertThat(t.scope()).isEmpty();
        assertThat(t.parentItemId()).isEmpty();
    }

    @Test
    void aTokenInTheFormEwstokenIssuedBeforeIsStillAcceptedWhileItLives() throws Exception {
        CallbackToken t = ews.validate(issuer.legacyCallbackToken(CallbackKind.EXTENSION_CALLBACK));
        assertThat(t.legacyForm()).isTrue();
        assertThat(t.addInId()).contains(TestIssuer.ADDIN);
        assertThat(t.mailboxUid()).isEqualTo(issuer.exchangeUid);
        assertThat(t.scope()).isEmpty();
        assertThat(t.tokenId()).matches("[0-9a-f-]{36}");
        assertThat(ews.validate(issuer.legacyCallbackToken(CallbackKind.SCOPED)).scope()).contains("Mail.Read");
    }

    @Test
    void anAppctxObjectIsAcceptedAsWellAsAString() throws Exception {
        String payload = TestIssuer.decode(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK).split("\\.")[1]);
        String asObject = payload.replaceAll("\"appctx\":\"(.*)\"}$", "\"appctx\":$1}").replace("\\\"", "\"");
        assertThat(ews.validate(issuer.sign(issuer.header(), asObject)).smtp()).isEqualTo(TestIssuer.SMTP);
    }

    @Test
    void aNameidOrAppctxsenderAtAnotherRealmIsRefused() throws Exception {
        String payload = TestIssuer.decode(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK).split("\\.")[1]);
        String otherNameid = issuer.sign(issuer.header(), payload.replace(issuer.exchangeUid + "@mail.contoso.com",
                issuer.exchangeUid + "@mail.fabrikam.com"));
        assertThatThrownBy(() -> ews.validate(otherNameid)).isInstanceOf(UntrustedIssuerException.class)
                .hasMessageContaining("nameid");
        String otherSender = issuer.sign(issuer.header(), payload.replace("/@mail.contoso.com", "/@mail.fabrikam.com"));
        assertThatThrownBy(() -> ews.validate(otherSender)).isInstanceOf(UntrustedIssuerException.class)
                .hasMessageContaining("appctxsender");
    }

    @Test
    void aScopedTokenCarriesItsScope() throws Exception {
        assertThat(ews.validate(issuer.callbackToken(CallbackKind.SCOPED)).scope()).contains("Mail.Read");
    }

    @Test
    void aRestTokenValidatesAtTheRestEndpointOnly() throws Exception {
        CallbackTokenValidator rest = builder(KeySource.of(List.of(issuer.key().certificate())))
                .accept(TestIssuer.REST, CallbackTokenKind.REST_API_CALLBACK).build();
        String token = issuer.callbackToken(CallbackKind.REST_API_CALLBACK);

        assertThat(rest.validate(token).kind()).isEqualTo(CallbackTokenKind.REST_API_CALLBACK);
        assertThatThrownBy(() -> ews.validate(token)).isInstanceOf(WrongVersionException.class)
                .hasMessageContaining("Exchange.RestApiCallback.V1");
    }

    @Test
    void aTokenForAnotherServersEndpointIsRefused() {
        CallbackTokenValidator elsewhere = builder(KeySource.of(List.of(issuer.key().certificate())))
                .accept(URI.create("https://mail.fabrikam.com/EWS/Exchange.asmx"), CallbackTokenKind.EXTENSION_CALLBACK)
                .build();

        assertThatThrownBy(() -> elsewhere.validate(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK)))
                .isInstanceOf(AudienceMismatchException.class).hasMessageContaining("mail.fabrikam.com");
    }

    @Test
    void anIdentityTokenIsNeverACallbackToken() {
        assertThatThrownBy(() -> ews.validate(issuer.identityToken())).isInstanceOf(WrongVersionException.class)
                .hasMessageContaining("identity token");
    }

    @Test
    void anotherIssuerIsRefused() {
        CallbackTokenValidator fabrikam = CallbackTokenValidator.builder().issuerRealm("mail.fabrikam.com")
                .keys(KeySource.of(List.of(issuer.key().certificate()))).clock(clock)
                .accept(TestIssuer.EWS, CallbackTokenKind.EXTENSION_CALLBACK).build();

        assertThatThrownBy(() -> fabrikam.validate(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK)))
                .isInstanceOf(UntrustedIssuerException.class).hasMessageContaining("mail.fabrikam.com");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK);
        clock.advance(Duration.ofMinutes(6));

        assertThatThrownBy(() -> ews.validate(token)).isInstanceOf(ExpiredTokenException.class)
                .hasMessageContaining("getCallbackTokenAsync");
    }

    @Test
    void aWidenedScopeFailsTheSignature() {
        String[] parts = issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK).split("\\.");
        String payload = TestIssuer.decode(parts[1]).replace(TestIssuer.ITEM_ID, "AAMkAnotherItem=");

        assertThatThrownBy(() -> ews.validate(parts[0] + "." + TestIssuer.encode(payload) + "." + parts[2]))
                .isInstanceOf(BadSignatureException.class);
    }

    @Test
    void aKeyOutsideTheConfiguredSetIsUnknownEvenIfTheTokenIsWellSigned() {
        issuer.rotate();

        assertThatThrownBy(() -> ews.validate(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK)))
                .isInstanceOf(UnknownKeyException.class);
    }

    @Test
    void keysMayComeFromTheIssuersMetadataDocument() throws Exception {
        CallbackTokenValidator remote = builder(KeySource.metadata(server.metadataUrl(),
                MetadataClient.builder().allowHttp(true).clock(clock).timeout(Duration.ofSeconds(60)).build()))
                .accept(TestIssuer.EWS, CallbackTokenKind.EXTENSION_CALLBACK).build();

        assertThat(remote.validate(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK)).smtp()).isEqualTo(TestIssuer.SMTP);
        assertThat(remote.validate(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK)).smtp()).isEqualTo(TestIssuer.SMTP);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void aTokenWithoutItsMailboxIsMalformed() throws Exception {
        String payload = TestIssuer.decode(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK).split("\\.")[1]);

        String noNameid = issuer.sign(issuer.header(), payload.replaceAll("\"nameid\":\"[^\"]*\",", ""));
        assertThatThrownBy(() -> ews.validate(noNameid)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("nameid");

        String noSmtp = issuer.sign(issuer.header(), payload.replace("smtp", "mail"));
        assertThatThrownBy(() -> ews.validate(noSmtp)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("smtp");

        String scopedWithoutScope = issuer.sign(issuer.header(), TestIssuer.decode(issuer.callbackToken(
                CallbackKind.EXTENSION_CALLBACK, null).split("\\.")[1]).replace("Exchange.Callback.V1", "Exchange.ScopedToken.V1"));
        assertThatThrownBy(() -> ews.validate(scopedWithoutScope)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("scope");
    }

    @Test
    void theBuilderRefusesAnIncompleteConfiguration() {
        assertThatThrownBy(() -> CallbackTokenValidator.builder().keys(x5t -> null)
                .accept(TestIssuer.EWS, CallbackTokenKind.SCOPED).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> CallbackTokenValidator.builder().issuerRealm("r").keys(x5t -> null).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("accept");
    }
}
