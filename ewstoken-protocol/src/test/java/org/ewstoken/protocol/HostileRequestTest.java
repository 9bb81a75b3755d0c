package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.protocol.Requests.DOCUMENTED;
import static org.ewstoken.protocol.Requests.envelope;
import static org.ewstoken.protocol.Requests.utf8;
import static org.ewstoken.protocol.Requests.withTokenRequest;
import static org.ewstoken.protocol.Requests.withTokenRequests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Requests written to hurt: entity tricks and resource exhaustion. Each must end in a fault, quickly. */
@Timeout(10)
class HostileRequestTest {
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

    private final SoapRequestReader reader = new SoapRequestReader(ParserLimits.DEFAULTS);

    private SoapFault faultOf(SoapRequestReader r, String xml) {
        return SoapRequestReaderTest.faultOf(r, utf8(xml));
    }

    /** The documented request with {@code doctype} after the declaration and {@code id} as the add-in id. */
    private static String withDoctype(String doctype, String id) {
        return DOCUMENTED.replace(DECLARATION, DECLARATION + doctype + "\n")
                .replace("1C50226D-04B5-4AB2-9FCD-42E236B59E4B", id);
    }

    private static void assertDtdRefused(SoapFault fault) {
        assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
        assertThat(fault.violation()).isEqualTo("For security reasons DTD is prohibited in this XML document.");
        assertThat(fault.lineNumber()).as("the DOCTYPE's line").isEqualTo(2);
    }

    @Nested
    class Entities {
        @Test
        void anyDoctypeIsRefusedEvenAHarmlessOne() {
            assertDtdRefused(faultOf(reader, withDoctype("<!DOCTYPE soap:Envelope>", "x")));
        }

        @Test
        void anExternalEntityIsNeverResolvedAndItsFileNeverShows(@TempDir Path dir) throws IOException {
            Path secret = dir.resolve("secret.txt");
            Files.writeString(secret, "TOP-SECRET-CONTENT");
            String xml = withDoctype("<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>", "&xxe;");

            SoapFault fault = faultOf(reader, xml);

            assertDtdRefused(fault);
            String answer = new String(new SoapResponseWriter().fault(fault), StandardCharsets.UTF_8);
            assertThat(answer).doesNotContain("TOP-SECRET-CONTENT").doesNotContain(secret.toString());
        }

        @Test
        void externalDtdsEntitiesAndParameterEntitiesNeverTouchTheNetwork() throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                String base = "http://127.0.0.1:" + listener.getLocalPort();
                String[] doctypes = {
                    "<!DOCTYPE soap:Envelope SYSTEM \"" + base + "/evil.dtd\">",
                    "<!DOCTYPE soap:Envelope PUBLIC \"-//EVIL//DTD\" \"" + base + "/public.dtd\">",
                    "<!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM \"" + base + "/p.ent\"> %p;]>",
                    "<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + base + "/xxe\">]>",
                };
                for (String doctype : doctypes) {
                    assertDtdRefused(faultOf(reader, withDoctype(doctype, "&xxe;")));
                }

                // The parse is synchronous: a connection attempt would already be waiting in the backlog.
                listener.setSoTimeout(200);
                assertThatThrownBy(listener::accept).as("nobody connected").isInstanceOf(SocketTimeoutException.class);
            }
        }

        @Test
        void billionLaughsIsRefusedBeforeAnyExpansion() {
            StringBuilder dtd = new StringBuilder("<!DOCTYPE soap:Envelope [<!ENTITY lol0 \"lol\">");
            for (int i = 1; i <= 9; i++) {
                dtd.append("<!ENTITY lol").append(i).append(" \"");
                dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
            }
            dtd.append("]>");

            assertDtdRefused(faultOf(reader, withDoctype(dtd.toString(), "&lol9;")));
        }

        @Test
        void aDoctypeIsRefusedWhereverInTheProlog() {
            String xml = DECLARATION + "<!-- hello -->\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n"
                    + DOCUMENTED.replace(DECLARATION, "");
            SoapFault fault = faultOf(reader, xml);

            assertThat(fault.violation()).isEqualTo("For security reasons DTD is prohibited in this XML document.");
            assertThat(fault.lineNumber()).isEqualTo(3);
        }
    }

    /** Small limits make the boundaries visible: every limit is shown to admit its maximum and refuse one more. */
    @Nested
    class Limits {
        private final ParserLimits limits = new ParserLimits(8, 40, 64, 100, 4, 2);
        private final SoapRequestReader small = new SoapRequestReader(limits);
        /** The nine elements of a minimal request: Envelope Header RequestServerVersion Body GetClientAccessToken ... */
        private static final int BASE_ELEMENTS = 9;

        private String withHeaderBlocks(String blocks) {
            return envelope("<t:RequestServerVersion Version=\"Exchange2013\"/>" + blocks,
                    "<m:GetClientAccessToken><m:TokenRequests><t:TokenRequest><t:Id>x</t:Id>"
                            + "<t:TokenType>Loki</t:TokenType></t:TokenRequest></m:TokenRequests></m:GetClientAccessToken>");
        }

        private void assertLimit(String xml, String violation) {
            SoapFault fault = faultOf(small, xml);
            assertThat(fault.responseCode()).isEqualTo("ErrorInvalidRequest");
            assertThat(fault.faultString()).isEqualTo("The request is invalid.");
            assertThat(fault.violation()).isEqualTo(violation);
        }

        private void assertAccepted(String xml) throws EwsFaultException {
            assertThat(small.read(utf8(xml)).operation()).isInstanceOf(GetClientAccessToken.class);
        }

        /** The request {@code sized} builds is read at {@code maximum} and refused with {@code violation} one above. */
        private void assertAdmitsAndRefusesOneMore(IntFunction<String> sized, int maximum, String violation)
                throws EwsFaultException {
            assertAccepted(sized.apply(maximum));
            assertLimit(sized.apply(maximum + 1), violation);
        }

        private String nested(int levels) {
            return "<x:a xmlns:x='urn:x'>".repeat(levels) + "</x:a>".repeat(levels);
        }

        @Test
        void elementDepth() throws Exception {
            // Envelope and Header, then the nested blocks
            assertAdmitsAndRefusesOneMore(depth -> withHeaderBlocks(nested(depth - 2)), limits.maxDepth(),
                    "The request exceeds the maximum element depth of 8.");
        }

        @Test
        void elementCount() throws Exception {
            assertAdmitsAndRefusesOneMore(count -> withHeaderBlocks("<x/>".repeat(count - BASE_ELEMENTS)),
                    limits.maxElements(), "The request exceeds the maximum number of elements, 40.");
        }

        @Test
        void textLength() throws Exception {
            assertAdmitsAndRefusesOneMore(
                    length -> withTokenRequest("<t:Id>" + "i".repeat(length) + "</t:Id><t:TokenType>Loki</t:TokenType>"),
                    limits.maxTextLength(), "The request contains a text value longer than 64 characters.");
        }

        @Test
        void textLengthCountsAValueSplitIntoPieces() {
            String pieces = "<![CDATA[" + "a".repeat(40) + "]]><!-- -->" + "b".repeat(40);

            assertLimit(withTokenRequest("<t:Id>" + pieces + "</t:Id><t:TokenType>Loki</t:TokenType>"),
                    "The request contains a text value longer than 64 characters.");
        }

        @Test
        void textLengthAppliesToWhitespaceAndSkippedHeadersToo() {
            assertLimit(withHeaderBlocks(" ".repeat(65)), "The request contains a text value longer than 64 characters.");
            assertLimit(withHeaderBlocks("<x>" + "s".repeat(65) + "</x>"),
                    "The request contains a text value longer than 64 characters.");
        }

        @Test
        void attributeLength() throws Exception {
            assertAdmitsAndRefusesOneMore(length -> withHeaderBlocks("<x a='" + "v".repeat(length) + "'/>"),
                    limits.maxAttributeLength(), "The request contains an attribute value longer than 100 characters.");
        }

        @Test
        void attributesPerElement() throws Exception {
            assertAdmitsAndRefusesOneMore(count -> withHeaderBlocks(IntStream.rangeClosed(1, count)
                            .mapToObj(i -> " a" + i + "='v'").collect(Collectors.joining("", "<x", "/>"))),
                    limits.maxAttributesPerElement(), "The request contains an element with more than 4 attributes.");
        }

        @Test
        void tokenRequests() throws Exception {
            String one = "<t:TokenRequest><t:Id>x</t:Id><t:TokenType>Loki</t:TokenType></t:TokenRequest>";

            assertAdmitsAndRefusesOneMore(count -> withTokenRequests(one.repeat(count)), limits.maxTokenRequests(),
                    "The request contains more than 2 token requests.");
        }

        @Test
        void theDefaultsStopAMegabyteValueAndDeepNestingWithoutExhaustingAnything() {
            String hugeId = withTokenRequest("<t:Id>" + "x".repeat(1 << 20) + "</t:Id><t:TokenType>Loki</t:TokenType>");
            String deep = withHeaderBlocks(nested(100_000));

            assertThat(faultOf(reader, hugeId).violation())
                    .isEqualTo("The request contains a text value longer than 65536 characters.");
            assertThat(faultOf(reader, deep).violation()).isEqualTo("The request exceeds the maximum element depth of 32.");
        }
    }
}
