package org.ewstoken.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ewstoken.testkit.TestClock;
import org.ewstoken.tokens.CallbackKind;
import org.ewstoken.validation.CallbackTokenAuthorizer.Decision;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The resource server's decisions on callback tokens, as Exchange makes them (REFERENCE §5). */
class CallbackTokenAuthorizerTest {

    static final String ITEM = TestIssuer.ITEM_ID;
    static final String OTHER = "AAMkAGI2TG93AAA=";

    TestIssuer issuer;
    CallbackTokenValidator ews;

    @BeforeEach
    void setUp() {
        TestClock clock = TestClock.now();
        issuer = new TestIssuer(clock, java.net.URI.create("https://mail.contoso.com/autodiscover/metadata/json/1"));
        ews = CallbackTokenValidator.builder().issuerRealm(TestIssuer.REALM).clock(clock)
                .keys(KeySource.of(List.of(issuer.key().certificate())))
                .accept(TestIssuer.EWS, CallbackTokenKind.EXTENSION_CALLBACK, CallbackTokenKind.SCOPED).build();
    }

    CallbackToken itemScoped() throws Exception {
        return ews.validate(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK));
    }

    @Test
    void getItemAndGetAttachmentOfTheScopedItemAreAllowed() throws Exception {
        assertThat(CallbackTokenAuthorizer.authorize(itemScoped(), "GetItem", List.of(ITEM), List.of()).allowed()).isTrue();
        assertThat(CallbackTokenAuthorizer.authorize(itemScoped(), "GetAttachment", List.of(), List.of(ITEM, ITEM))
                .allowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UpdateItem", "DeleteItem", "MoveItem", "SendItem", "CreateItem", "FindItem", "GetFolder",
            "CreateAttachment", "DeleteAttachment", "getitem", "GetClientAccessToken"})
    void everyOtherOperationIsAWebMethodUnavailableToTheCaller(String operation) throws Exception {
        assertThat(CallbackTokenAuthorizer.authorize(itemScoped(), operation, List.of(ITEM), List.of()))
                .isEqualTo(new Decision.Refuse("ErrorAccessDenied",
                        "The requested web method is unavailable to this caller or application.", "operation_not_allowed"));
    }

    @Test
    void anotherItemOrAnAttachmentOfAnotherItemIsAccessDenied() throws Exception {
        Decision.Refuse denied = new Decision.Refuse("ErrorAccessDenied",
                "Access is denied. Check credentials and try again.", "other_item");
        assertThat(CallbackTokenAuthorizer.authorize(itemScoped(), "GetItem", List.of(ITEM, OTHER), List.of()))
                .isEqualTo(denied);
        assertThat(CallbackTokenAuthorizer.authorize(itemScoped(), "GetAttachment", List.of(), List.of(OTHER)))
                .isEqualTo(denied);
        // EWS ids are base64: another case is another item.
        assertThat(CallbackTokenAuthorizer.authorize(itemScoped(), "GetItem", List.of(ITEM.toLowerCase()), List.of()))
                .isEqualTo(denied);
    }

    @Test
    void aMailboxWideTokenReadsAnyItemButWritesNone() throws Exception {
        CallbackToken mailboxWide = ews.validate(issuer.callbackToken(CallbackKind.EXTENSION_CALLBACK, null));
        assertThat(CallbackTokenAuthorizer.authorize(mailboxWide, "GetItem", List.of(ITEM, OTHER), List.of()).allowed())
                .isTrue();
        assertThat(CallbackTokenAuthorizer.authorize(mailboxWide, "UpdateItem", List.of(ITEM), List.of()).allowed())
                .isFalse();
    }

    @Test
    void aLegacyTokenIsMailboxWideAndReadOnly() throws Exception {
        CallbackToken legacy = ews.validate(issuer.legacyCallbackToken(CallbackKind.EXTENSION_CALLBACK));
        assertThat(CallbackTokenAuthorizer.authorize(legacy, "GetAttachment", List.of(), List.of(OTHER)).allowed()).isTrue();
        assertThat(CallbackTokenAuthorizer.authorize(legacy, "DeleteItem", List.of(OTHER), List.of()).allowed()).isFalse();
    }

    @Test
    void aRestTokenIsNotForEws() throws Exception {
        CallbackTokenValidator both = CallbackTokenValidator.builder().issuerRealm(TestIssuer.REALM).clock(issuer.clock)
                .keys(KeySource.of(List.of(issuer.key().certificate())))
                .accept(TestIssuer.REST, CallbackTokenKind.REST_API_CALLBACK).build();
        CallbackToken rest = both.validate(issuer.callbackToken(CallbackKind.REST_API_CALLBACK, null));
        assertThat(CallbackTokenAuthorizer.authorize(rest, "GetItem", List.of(ITEM), List.of()))
                .isInstanceOf(Decision.Refuse.class);
    }
}
