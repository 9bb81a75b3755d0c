package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.ewstoken.testkit.Ordered;
import org.junit.jupiter.api.Test;

/** The value types: wire names, ordering and the invariants their constructors guard. */
class ModelTest {
    @Test
    void exchangeVersionsMapToAndFromTheirWireNamesExactly() {
        assertWireNamesRoundTrip(ExchangeVersion.values(), ExchangeVersion::wireName, ExchangeVersion::fromWire);
        assertThat(ExchangeVersion.fromWire("exchange2013")).isEmpty();
        assertThat(ExchangeVersion.fromWire("Exchange2013 ")).isEmpty();
        assertThat(ExchangeVersion.values()).hasSize(21);
        assertThat(ExchangeVersion.LATEST).isEqualTo(ExchangeVersion.V2018_01_08);
    }

    @Test
    void exchangeVersionsCompareChronologically() {
        Ordered.assertAscending(ExchangeVersion::atLeast, ExchangeVersion.EXCHANGE2007, ExchangeVersion.EXCHANGE2012,
                ExchangeVersion.EXCHANGE2013, ExchangeVersion.EXCHANGE2013_SP1, ExchangeVersion.EXCHANGE2016,
                ExchangeVersion.V2015_10_05, ExchangeVersion.LATEST);
    }

    @Test
    void tokenTypesMapToAndFromTheirWireNamesExactly() {
        assertWireNamesRoundTrip(TokenType.values(), TokenType::wireName, TokenType::fromWire);
        assertThat(TokenType.fromWire("CALLER_IDENTITY")).isEmpty();
        assertThat(TokenType.fromWire("callerIdentity")).isEmpty();
    }

    /** Every constant is found by its own wire name, and null finds nothing. */
    private static <E> void assertWireNamesRoundTrip(E[] constants, Function<E, String> wireName,
                                                     Function<String, Optional<E>> fromWire) {
        for (E e : constants) {
            assertThat(fromWire.apply(wireName.apply(e))).contains(e);
        }
        assertThat(fromWire.apply(null)).isEmpty();
    }

    @Test
    void anOperationHoldsAnImmutableNonEmptyListOfRequests() {
        List<TokenRequest> source = new ArrayList<>(List.of(new TokenRequest("a", TokenType.LOKI, null, null)));
        GetClientAccessToken op = new GetClientAccessToken(source);
        source.clear();

        assertThat(op.requests()).hasSize(1);
        assertThatThrownBy(() -> op.requests().add(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new GetClientAccessToken(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenRequest(null, TokenType.LOKI, null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ParserLimits(32, 10, 10, 10, 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokenRequests");
        assertThatThrownBy(() -> new ParserLimits(0, 10, 10, 10, 10, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
    }

    @Test
    void responseMessagesGuardTheirContent() {
        assertThatThrownBy(() -> new TokenResponseMessage.Success("a", TokenType.LOKI, "t", -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenResponseMessage.Failure("NoError", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenResponseMessage.Failure("Error<x>", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenResponseMessage.Failure("", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenResponseMessage.Failure("ErrorExtensionNotFound", null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void faultFactoriesSayWhatExchangeSays() {
        SoapFault schema = SoapFault.schemaValidation(3, 7, "bad");
        assertThat(schema).isEqualTo(new SoapFault("ErrorSchemaValidation",
                "The request failed schema validation: bad", "The request failed schema validation.", 3, 7, "bad", null));
        assertThat(SoapFault.schemaValidation("no position").lineNumber()).isNull();
        assertThat(SoapFault.invalidServerVersion(null)).isEqualTo(new SoapFault("ErrorInvalidServerVersion",
                "The specified server version is invalid.", "The specified server version is invalid.",
                null, null, null, null));
        assertThat(SoapFault.invalidRequest("why").responseCode()).isEqualTo("ErrorInvalidRequest");
        assertThat(SoapFault.serverBusy(5).backOffMillis()).isEqualTo(5L);
        assertThat(SoapFault.internalServerError().violation()).isNull();
    }

    @Test
    void aFaultKeepsLineAndPositionTogether() {
        assertThatThrownBy(() -> new SoapFault("ErrorSchemaValidation", "f", "m", 1, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoapFault.serverBusy(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFaultExceptionIsCheapAndDescriptive() {
        EwsFaultException e = new EwsFaultException(SoapFault.invalidRequest("The request contains more than 2 token requests."));

        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("The request is invalid. The request contains more than 2 token requests.");
        assertThat(new EwsFaultException(SoapFault.schemaValidation(1, 1, "x")).getMessage())
                .isEqualTo("The request failed schema validation: x");
    }
}
