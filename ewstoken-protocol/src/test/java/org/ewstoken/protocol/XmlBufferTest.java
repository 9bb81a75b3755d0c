package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlBufferTest {
    private static String text(String s) {
        return new String(new XmlBuffer(4).text(s).toByteArray(), StandardCharsets.UTF_8);
    }

    private static String attribute(String s) {
        return new String(new XmlBuffer(4).attribute(s).toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void markupCharactersAreEscapedInText() {
        assertThat(text("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d\"e'f");
        assertThat(text("]]>")).isEqualTo("]]&gt;");
    }

    @Test
    void attributesAlsoEscapeQuotesAndWhitespaceThatNormalisationWouldEat() {
        assertThat(attribute("a\"b&c<d>")).isEqualTo("a&quot;b&amp;c&lt;d&gt;");
        assertThat(attribute("1\t2\n3\r4")).isEqualTo("1&#x9;2&#xA;3&#xD;4");
    }

    @Test
    void textKeepsTabsAndLineFeedsButProtectsCarriageReturns() {
        assertThat(text("1\t2\n3\r4")).isEqualTo("1\t2\n3&#xD;4");
    }

    @Test
    void charactersXmlCannotCarryBecomeTheReplacementCharacter() {
        assertThat(text("a\u0000b\u0008c\u001Fd")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
        assertThat(text("\uFFFE\uFFFF")).isEqualTo("\uFFFD\uFFFD");
        assertThat(text("x\uD800")).as("high surrogate at the end").isEqualTo("x\uFFFD");
        assertThat(text("\uDC00x")).as("low surrogate alone").isEqualTo("\uFFFDx");
        assertThat(text("\uD800\uD800\uDC00")).as("a stray high before a pair").isEqualTo("\uFFFD\uD800\uDC00");
    }

    @Test
    void everythingElseIsEncodedAsUtf8() {
        String s = "\u007F\u0080\u00e9\u07FF\u0800\u4e2d\uFFFD\uD83D\uDE00\uDBFF\uDFFF";

        byte[] bytes = new XmlBuffer(1).text(s).toByteArray();

        assertThat(bytes).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void numbersAreWrittenInDecimal() {
        XmlBuffer b = new XmlBuffer(1);
        b.number(0).raw(XmlBuffer.ascii(",")).number(479).raw(XmlBuffer.ascii(","))
                .number(Long.MAX_VALUE).raw(XmlBuffer.ascii(",")).number(-42);

        assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("0,479,9223372036854775807,-42");
    }

    @Test
    void theBufferGrowsAsNeeded() {
        String big = "\u4e2d".repeat(10_000);

        assertThat(new XmlBuffer(1).text(big).toByteArray()).hasSize(30_000);
    }
}
