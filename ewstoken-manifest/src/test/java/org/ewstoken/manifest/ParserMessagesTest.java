package org.ewstoken.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a client reads about a broken manifest names no library, setting, class or path: Jackson's and
 * Woodstox's own messages are mapped to the project's words.
 */
class ParserMessagesTest {

    private static final String INTERNALS = "(?s).*(StreamReadConstraints|JsonReadFeature|StreamReadFeature|"
            + "JsonParser|Feature|Constraints|jackson|fasterxml|wstx|woodstox|com\\.|java\\.|org\\.ewstoken|"
            + "Exception|`|/tmp/|/work/|/home/).*";

    private static String problemOf(String manifest) {
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> new ManifestParser().parse(manifest.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("refused: %s", manifest.length() > 80 ? manifest.substring(0, 80) : manifest).isNotNull();
        return e.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": -Infinity}", "{'a': 1}", "{a: 1}", "{\"a\": 01}",
        "{\"a\": 1, \"a\": 2}", "{\"a\": \"x\u0001y\"}", "{\"a\": 1} // comment", "{\"a\": 1} /* c */",
        "{\"a\": [1,]}", "{\"a\": 1,}", "{\"a\": 0x10}", "{\"a\": +1}", "{\"a\": .5}", "{\"a\": \"\\q\"}",
        "{\"a\": tru}", "{\"a\": 1} {\"b\": 2}", "{\"a\": 1e99999999999}", "{\"a\"  1}", "[1, 2"})
    void jsonSyntaxErrorsAreToldInTheProjectsWords(String json) {
        assertThat(problemOf(json)).doesNotMatch(INTERNALS);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void jsonLimitsAreToldInTheProjectsWords(int which) {
        String json = switch (which) {
            case 0 -> "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
            case 1 -> "{\"a\": \"" + "x".repeat(70_000) + "\"}";
            case 2 -> "{\"a\": " + "1".repeat(100) + "}";
            default -> "{\"" + "n".repeat(2000) + "\": 1}";
        };
        String message = problemOf(json);
        assertThat(message).doesNotMatch(INTERNALS).contains("exceeds a limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<a><b></a>", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>",
        "<a>&undefined;</a>", "<a x=\"1\" x=\"2\"/>", "<a>\u0001</a>", "<a></a><b/>", "<a", "<ns:a/>"})
    void xmlErrorsNameNoParser(String xml) {
        assertThat(problemOf(xml)).doesNotMatch(INTERNALS);
    }
}
