package org.ewstoken.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The library's own JSON parser: RFC 8259, strictly, with bounds. */
class JsonTest {

    @Test
    void readsEveryKindOfValue() throws Exception {
        Map<String, Object> o = Json.parseObject(" {\"s\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"i\":-12,"
                + "\"big\":12345678901234567890,\"d\":1.5e3,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}],\"o\":{}} ", 8);

        assertThat(o.get("s")).isEqualTo("a\"\\/\b\f\n\r\té😀");
        assertThat(o.get("i")).isEqualTo(-12L);
        assertThat(o.get("big")).isEqualTo(new BigDecimal("12345678901234567890"));
        assertThat(o.get("d")).isEqualTo(new BigDecimal("1.5e3"));
        assertThat(o.get("t")).isEqualTo(Boolean.TRUE);
        assertThat(o.get("f")).isEqualTo(Boolean.FALSE);
        assertThat(o.get("n")).isSameAs(Json.NULL);
        assertThat(o.get("a")).isEqualTo(List.of(1L, List.of(), Map.of()));
        assertThat(o).containsKeys("o").hasSize(9);
    }

    @Test
    void keepsMemberOrderAndIsUnmodifiable() throws Exception {
        Map<String, Object> o = Json.parseObject("{\"z\":1,\"a\":2}", 2);

        assertThat(o.keySet()).containsExactly("z", "a");
        assertThatThrownBy(() -> o.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"s\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{'a':1}", "{a:1}",
            "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":nul}",
            "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}", "{\"a\":\"tab\there\"}",
            "{\"a\":\"unterminated}", "{\"a\":1}{", "{\"a\":1,\"a\":2}", "{\"a\":[1,]}", "{\"a\":NaN}",
            "{\"a\":Infinity}", "\uFEFF{}", "{\"a\":1} x"})
    void refuses(String text) {
        assertThatThrownBy(() -> Json.parseObject(text, 8)).isInstanceOf(Json.SyntaxException.class)
                .hasMessageContaining("at offset");
    }

    @Test
    void refusesALoneSurrogateCharacter() {
        assertThatThrownBy(() -> Json.parseObject("{\"a\":\"\uD800\"}", 8)).isInstanceOf(Json.SyntaxException.class);
    }

    @Test
    void boundsNestingAndNumberLength() {
        assertThatThrownBy(() -> Json.parseObject("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", 8))
                .isInstanceOf(Json.SyntaxException.class).hasMessageContaining("nested deeper than 8");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":" + "1".repeat(65) + "}", 8))
                .isInstanceOf(Json.SyntaxException.class).hasMessageContaining("longer than 64");
    }

    @Test
    void deepButAllowedNestingIsFine() throws Exception {
        assertThat(Json.parseObject("{\"a\":[[[]]]}", 4)).containsKey("a");
    }
}
