package org.ewstoken.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Shapes that are not a JWT at all are refused as malformed, before anything is fetched. */
class MalformedTokenTest {

    static final String HEADER = TestIssuer.encode("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"abc\"}");
    static final String PAYLOAD = TestIssuer.encode("{\"aud\":\"x\"}");

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("abc", "three base64url parts"),
                Arguments.of(HEADER + "." + PAYLOAD, "three base64url parts"),
                Arguments.of(HEADER + "." + PAYLOAD + ".c2ln.ZXh0cmE", "three base64url parts"),
                Arguments.of("Bearer " + HEADER + "." + PAYLOAD + ".c2ln", "not base64url"),
                Arguments.of(HEADER + "=." + PAYLOAD + ".c2ln", "not base64url"),
                Arguments.of(HEADER + "." + PAYLOAD + ".c2lu/", "not base64url"),
                Arguments.of(HEADER + ".." + "c2ln", "payload part is empty"),
                Arguments.of(HEADER + "." + PAYLOAD + ".", "signature part is empty"),
                Arguments.of(HEADER + "." + PAYLOAD + ".c2l", "not canonical"), // "l" leaves non-zero unused bits ("c2k" would not)
                Arguments.of(HEADER + "." + PAYLOAD + ".A", "length is impossible"),
                Arguments.of(TestIssuer.encode("not json") + "." + PAYLOAD + ".c2ln", "header is not a JSON object"),
                Arguments.of(TestIssuer.encode("[1]") + "." + PAYLOAD + ".c2ln", "header is not a JSON object"),
                Arguments.of(HEADER + "." + TestIssuer.encode("{\"aud\":\"a\",\"aud\":\"b\"}") + ".c2ln", "duplicate member"),
                Arguments.of(HEADER + "." + TestIssuer.encode("{\"aud\":\"x\"} trailing") + ".c2ln", "after the JSON value"),
                Arguments.of(TestIssuer.encode("{\"typ\":\"JWT\",\"alg\":\"RS256\"}") + "." + PAYLOAD + ".c2ln", "no x5t"),
                Arguments.of(TestIssuer.encode("{\"typ\":\"JOSE+JSON\",\"alg\":\"RS256\",\"x5t\":\"a\"}") + "." + PAYLOAD + ".c2ln", "typ"),
                Arguments.of(TestIssuer.encode("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"a\",\"crit\":[\"b64\"]}") + "." + PAYLOAD + ".c2ln", "crit"),
                Arguments.of(HEADER + "." + "gICA" + ".c2ln", "not UTF-8"),
                Arguments.of(HEADER + "." + PAYLOAD + "." + "A".repeat(20_000), "at most 16384"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("tokens")
    void isMalformed(String token, String expectedMessage) {
        CallbackTokenValidator validator = CallbackTokenValidator.builder().issuerRealm("r")
                .keys(x5t -> { throw new AssertionError("no key may be looked up for a malformed token"); })
                .accept(TestIssuer.EWS, CallbackTokenKind.EXTENSION_CALLBACK).build();

        assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining(expectedMessage)
                .satisfies(e -> assertThat(((TokenValidationException) e).reason()).isEqualTo(FailureReason.MALFORMED));
    }
}
