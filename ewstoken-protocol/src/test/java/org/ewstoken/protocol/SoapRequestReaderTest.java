package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.ewstoken.protocol.Requests.DOCUMENTED;
import static org.ewstoken.protocol.Requests.M;
import static org.ewstoken.protocol.Requests.SOAP;
import static org.ewstoken.protocol.Requests.T;
import static org.ewstoken.protocol.Requests.envelope;
import static org.ewstoken.protocol.Requests.nameOf;
import static org.ewstoken.protocol.Requests.utf8;
import static org.ewstoken.protocol.Requests.withTokenRequest;
import static org.ewstoken.protocol.Requests.withTokenRequests;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SoapRequestReaderTest {
    private static final String ID = "1C50226D-04B5-4AB2-9FCD-42E236B59E4B";
    /** Every operation the reader knows, as .NET lists possible elements: sorted, comma-separated. */
    private static final String OPERATIONS =
            "DisableApp, GetAppManifests, GetAppMarketplaceUrl, GetClientAccessToken, InstallApp, UninstallApp";

    private final SoapRequestReader reader = new SoapRequestReader(ParserLimits.DEFAULTS);

    private EwsRequest read(String xml) throws EwsFaultException {
        return reader.read(utf8(xml));
    }

    private List<TokenRequest> tokenRequests(String xml) throws EwsFaultException {
        return ((GetClientAccessToken) read(xml).operation()).requests();
    }

    static SoapFault faultOf(SoapRequestReader reader, InputStream body) {
        EwsFaultException e = catchThrowableOfType(EwsFaultException.class, () -> reader.read(body));
        assertThat(e).as("the request is refused with a fault").isNotNull();
        assertThat(e.getStackTrace()).as("an expected outcome carries no stack trace").isEmpty();
        return e.fault();
    }

    private SoapFault faultOf(String xml) {
        return faultOf(reader, utf8(xml));
    }

    /** The request fails schema validation at the name of {@code tag}, with exactly {@code violation}. */
    private void assertSchemaFault(String xml, String tag, String violation) {
        SoapFault fault = faultOf(xml);
        int[] at = nameOf(xml, tag);
        assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
        assertThat(fault.violation()).isEqualTo(violation);
        assertThat(new int[] {fault.lineNumber(), fault.linePosition()}).as("line and position").containsExactly(at);
        assertThat(fault.faultString()).isEqualTo("The request failed schema validation: " + violation);
        assertThat(fault.message()).isEqualTo("The request failed schema validation.");
    }

    /**
     * For faults whose column is the parser's and not a tag's (stray text, an entity reference): only the line of
     * {@code tag} is certain, so only the line is asserted.
     */
    private void assertSchemaFaultOnLine(String xml, String tag, String violation) {
        SoapFault fault = faultOf(xml);
        assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
        assertThat(fault.violation()).isEqualTo(violation);
        assertThat(fault.lineNumber()).isEqualTo(nameOf(xml, tag)[0]);
    }

    /** .NET's words for text inside an element whose content model has only elements. */
    static String cannotContainText(String element, String namespace) {
        return "The element '" + element + "' in namespace '" + namespace + "' cannot contain text.";
    }

    /** .NET's words for a child element that the parent's content model does not allow there. */
    static String invalidChild(String parent, String parentNamespace, String child, String childNamespace) {
        return "The element '" + parent + "' in namespace '" + parentNamespace + "' has invalid child element '" + child
                + "'" + (childNamespace == null ? "" : " in namespace '" + childNamespace + "'") + ".";
    }

    /** .NET's words for an element that ended before its content model was satisfied. */
    static String incomplete(String element, String namespace) {
        return "The element '" + element + "' in namespace '" + namespace + "' has incomplete content.";
    }

    /** What .NET appends when it can say which elements could have come: their names, one namespace. */
    static String expecting(String names, String namespace) {
        return " List of possible elements expected: '" + names + "' in namespace '" + namespace + "'.";
    }

    /**
     * A TokenRequest holds Id, TokenType, then optionally Scope and ResourceUri, in that order: each way of breaking
     * that is refused at the element where it breaks, in .NET's words. Arguments: the rule, the request, where it
     * breaks, the violation.
     */
    static Stream<Arguments> tokenRequestContentModel() {
        return Stream.of(
                arguments("TokenRequests hold only TokenRequest elements of the types namespace",
                        withTokenRequests("<m:TokenRequest/>"),
                        "<m:TokenRequest/>",
                        invalidChild("TokenRequests", M, "TokenRequest", M) + expecting("TokenRequest", T)),
                arguments("an empty TokenRequest lacks its Id",
                        withTokenRequests("<t:TokenRequest/>"),
                        "<t:TokenRequest/>", incomplete("TokenRequest", T) + expecting("Id", T)),
                arguments("the Id comes first",
                        withTokenRequest("<t:TokenType>CallerIdentity</t:TokenType><t:Id>x</t:Id>"),
                        "<t:TokenType>", invalidChild("TokenRequest", T, "TokenType", T) + expecting("Id", T)),
                arguments("a TokenRequest without TokenType is incomplete",
                        withTokenRequest("<t:Id>x</t:Id>"),
                        "</t:TokenRequest>", incomplete("TokenRequest", T) + expecting("TokenType", T)),
                arguments("optional elements may not skip the TokenType",
                        withTokenRequest("<t:Id>x</t:Id><t:Scope>s</t:Scope>"),
                        "<t:Scope>", invalidChild("TokenRequest", T, "Scope", T) + expecting("TokenType", T)),
                arguments("a repeated Id is refused",
                        withTokenRequest("<t:Id>x</t:Id><t:Id>y</t:Id><t:TokenType>Loki</t:TokenType>"),
                        "<t:Id>y", invalidChild("TokenRequest", T, "Id", T) + expecting("TokenType", T)),
                arguments("Scope and ResourceUri come in schema order",
                        withTokenRequest("<t:Id>x</t:Id><t:TokenType>ScopedToken</t:TokenType>"
                                + "<t:ResourceUri>r</t:ResourceUri><t:Scope>s</t:Scope>"),
                        "<t:Scope>", invalidChild("TokenRequest", T, "Scope", T)),
                arguments("an unexpected element after the TokenType lists what could come",
                        withTokenRequest("<t:Id>x</t:Id><t:TokenType>ScopedToken</t:TokenType><t:Audience>a</t:Audience>"),
                        "<t:Audience>",
                        invalidChild("TokenRequest", T, "Audience", T) + expecting("Scope, ResourceUri", T)),
                arguments("an element after Scope can only be ResourceUri",
                        withTokenRequest("<t:Id>x</t:Id><t:TokenType>ScopedToken</t:TokenType><t:Scope>s</t:Scope>"
                                + "<t:Scope>again</t:Scope>"),
                        "<t:Scope>again", invalidChild("TokenRequest", T, "Scope", T) + expecting("ResourceUri", T)));
    }

    @Nested
    class AcceptedRequests {
        @Test
        void theDocumentedRequestYieldsOneCallerIdentityRequestAtExchange2013() throws Exception {
            EwsRequest request = read(DOCUMENTED);

            assertThat(request.version()).isEqualTo(ExchangeVersion.EXCHANGE2013);
            assertThat(request.versionSpecified()).isTrue();
            assertThat(request.operation()).isEqualTo(new GetClientAccessToken(
                    List.of(new TokenRequest(ID, TokenType.CALLER_IDENTITY, null, null))));
            assertThat(request.operation().name()).isEqualTo("GetClientAccessToken");
        }

        @Test
        void withoutRequestServerVersionTheLatestVersionIsAssumed() throws Exception {
            String xml = DOCUMENTED.replace("""
                      <soap:Header>
                        <t:RequestServerVersion Version="Exchange2013" />
                      </soap:Header>
                    """, "");
            assertThat(xml).doesNotContain("Header");

            EwsRequest request = read(xml);

            assertThat(request.version()).isEqualTo(ExchangeVersion.LATEST);
            assertThat(request.versionSpecified()).isFalse();
            assertThat(request.operation()).isInstanceOf(GetClientAccessToken.class);
        }

        @Test
        void anEmptyHeaderMeansNoVersionWasSpecified() throws Exception {
            EwsRequest request = read(envelope("", "<m:GetClientAccessToken><m:TokenRequests><t:TokenRequest>"
                    + "<t:Id>x</t:Id><t:TokenType>Loki</t:TokenType></t:TokenRequest></m:TokenRequests>"
                    + "</m:GetClientAccessToken>"));

            assertThat(request.versionSpecified()).isFalse();
            assertThat(request.version()).isEqualTo(ExchangeVersion.V2018_01_08);
        }

        @Test
        void prefixesAreTheClientsChoice() throws Exception {
            String xml = "<S:Envelope xmlns:S='" + SOAP + "'><S:Header><v:RequestServerVersion xmlns:v='" + T
                    + "' Version='Exchange2016'/></S:Header><S:Body><ews:GetClientAccessToken xmlns:ews='" + M + "'>"
                    + "<ews:TokenRequests><types:TokenRequest xmlns:types='" + T + "'><types:Id>a</types:Id>"
                    + "<types:TokenType>ExtensionCallback</types:TokenType></types:TokenRequest></ews:TokenRequests>"
                    + "</ews:GetClientAccessToken></S:Body></S:Envelope>";

            EwsRequest request = read(xml);

            assertThat(request.version()).isEqualTo(ExchangeVersion.EXCHANGE2016);
            assertThat(((GetClientAccessToken) request.operation()).requests())
                    .containsExactly(new TokenRequest("a", TokenType.EXTENSION_CALLBACK, null, null));
        }

        @Test
        void defaultNamespacesWork() throws Exception {
            String xml = "<Envelope xmlns='" + SOAP + "'><Body><GetClientAccessToken xmlns='" + M + "'><TokenRequests>"
                    + "<TokenRequest xmlns='" + T + "'><Id>a</Id><TokenType>ScopedToken</TokenType><Scope>s</Scope>"
                    + "</TokenRequest></TokenRequests></GetClientAccessToken></Body></Envelope>";

            assertThat(tokenRequests(xml)).containsExactly(new TokenRequest("a", TokenType.SCOPED_TOKEN, "s", null));
        }

        @Test
        void onlyNamespaceUrisCountEvenWhenOnePrefixIsReboundAtEveryLevel() throws Exception {
            String xml = "<a:Envelope xmlns:a='" + SOAP + "' xmlns:b='" + SOAP + "'><b:Body xmlns:a='" + SOAP + "'>"
                    + "<a:GetClientAccessToken xmlns:a='" + M + "'><a:TokenRequests><a:TokenRequest xmlns:a='" + T
                    + "'><a:Id>a</a:Id><TokenType xmlns='" + T + "'>Connectors</TokenType></a:TokenRequest>"
                    + "</a:TokenRequests></a:GetClientAccessToken></b:Body></a:Envelope>";

            assertThat(tokenRequests(xml)).containsExactly(new TokenRequest("a", TokenType.CONNECTORS, null, null));
        }

        @Test
        void severalTokenRequestsComeBackInRequestOrderWithScopeAndResourceUri() throws Exception {
            String xml = withTokenRequests("""
                    <t:TokenRequest><t:Id>first</t:Id><t:TokenType>CallerIdentity</t:TokenType></t:TokenRequest>
                    <t:TokenRequest><t:Id>second</t:Id><t:TokenType>ScopedToken</t:TokenType><t:Scope>Mail.Read</t:Scope></t:TokenRequest>
                    <t:TokenRequest><t:Id>third</t:Id><t:TokenType>ExtensionRestApiCallback</t:TokenType><t:ResourceUri>https://outlook.office.com</t:ResourceUri></t:TokenRequest>
                    <t:TokenRequest><t:Id>fourth</t:Id><t:TokenType>DesktopOutlook</t:TokenType><t:Scope>a b</t:Scope><t:ResourceUri>urn:r</t:ResourceUri></t:TokenRequest>
                    """);

            assertThat(tokenRequests(xml)).containsExactly(
                    new TokenRequest("first", TokenType.CALLER_IDENTITY, null, null),
                    new TokenRequest("second", TokenType.SCOPED_TOKEN, "Mail.Read", null),
                    new TokenRequest("third", TokenType.EXTENSION_REST_API_CALLBACK, null, "https://outlook.office.com"),
                    new TokenRequest("fourth", TokenType.DESKTOP_OUTLOOK, "a b", "urn:r"));
        }

        @Test
        void commentsProcessingInstructionsAndWhitespaceMayAppearBetweenAndInsideElements() throws Exception {
            String xml = "<?xml version='1.0'?>\n<!-- before -->\n<?pi before?>\n" + envelope(
                    "\n <!-- c --> <t:RequestServerVersion Version='Exchange2013'><!-- c --></t:RequestServerVersion>\n",
                    "<!-- c --><m:GetClientAccessToken> <?pi x?> <m:TokenRequests>\n\t<t:TokenRequest>\r\n"
                            + "<t:Id>ab<!-- dropped -->cd<?pi dropped?>ef</t:Id> <t:TokenType><!-- c -->Loki</t:TokenType>"
                            + "</t:TokenRequest></m:TokenRequests></m:GetClientAccessToken><!-- c -->")
                    .replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", "")
                    + "<!-- after -->\n<?pi after?>\n";

            assertThat(tokenRequests(xml)).containsExactly(new TokenRequest("abcdef", TokenType.LOKI, null, null));
        }

        @Test
        void textIsTakenAsSentWithEntitiesCdataAndCharacterReferencesResolved() throws Exception {
            String xml = withTokenRequest("<t:Id>  spaced id\t</t:Id><t:TokenType>ScopedToken</t:TokenType>"
                    + "<t:Scope>a &amp; b &lt;c&gt; &#x41;&#66; <![CDATA[<raw & cdata>]]> \u00e9\u4e2d\uD83D\uDE00</t:Scope>");

            assertThat(tokenRequests(xml)).containsExactly(new TokenRequest("  spaced id\t", TokenType.SCOPED_TOKEN,
                    "a & b <c> AB <raw & cdata> \u00e9\u4e2d\uD83D\uDE00", null));
        }

        @Test
        void anEmptyIdIsSchemaValidAndLeftToTheServerToAnswer() throws Exception {
            assertThat(tokenRequests(withTokenRequest("<t:Id/><t:TokenType>CallerIdentity</t:TokenType>")))
                    .containsExactly(new TokenRequest("", TokenType.CALLER_IDENTITY, null, null));
            assertThat(tokenRequests(withTokenRequest("<t:Id></t:Id><t:TokenType>CallerIdentity</t:TokenType><t:Scope/>")))
                    .containsExactly(new TokenRequest("", TokenType.CALLER_IDENTITY, "", null));
        }

        @Test
        void otherHeaderBlocksAreSkippedWhateverTheyHold() throws Exception {
            // (Impersonation headers are refused, never skipped: SoapHeaderTest.)
            String header = """
                    <t:MailboxCulture>en-US</t:MailboxCulture>
                    <t:RequestServerVersion Version="V2017_07_11"/>
                    <t:TimeZoneContext><t:TimeZoneDefinition Id="UTC"/></t:TimeZoneContext>
                    <x:Custom xmlns:x="urn:anything" soap:mustUnderstand="0">text <x:nested a="1"/> more</x:Custom>
                    """;

            EwsRequest request = read(envelope(header, "<m:GetClientAccessToken><m:TokenRequests><t:TokenRequest>"
                    + "<t:Id>x</t:Id><t:TokenType>CallerIdentity</t:TokenType></t:TokenRequest></m:TokenRequests>"
                    + "</m:GetClientAccessToken>"));

            assertThat(request.version()).isEqualTo(ExchangeVersion.V2017_07_11);
        }

        @Test
        void soapAttributesOnRequestServerVersionAndXsiTypeOnRequestElementsAreTolerated() throws Exception {
            String xml = envelope("<t:RequestServerVersion soap:mustUnderstand='1' Version='Exchange2013_SP1'/>",
                    "<m:GetClientAccessToken xmlns:xsi='" + EwsNamespaces.XSI + "' xsi:type='m:GetClientAccessTokenType'>"
                            + "<m:TokenRequests><t:TokenRequest xsi:type='t:ClientAccessTokenRequestType'><t:Id>x</t:Id>"
                            + "<t:TokenType>CallerIdentity</t:TokenType></t:TokenRequest></m:TokenRequests>"
                            + "</m:GetClientAccessToken>");

            assertThat(read(xml).version()).isEqualTo(ExchangeVersion.EXCHANGE2013_SP1);
        }

        @Test
        void attributesOnTheEnvelopeAndBodySuchAsSchemaLocationAreIgnoredNotFetched() throws Exception {
            String xml = DOCUMENTED.replace("<soap:Envelope ", "<soap:Envelope soap:encodingStyle='x' "
                    + "xsi:schemaLocation='" + M + " http://127.0.0.1:9/messages.xsd' ");

            assertThat(read(xml).version()).isEqualTo(ExchangeVersion.EXCHANGE2013);
        }

        @ParameterizedTest
        @EnumSource(value = ExchangeVersion.class, names = {"EXCHANGE2013", "EXCHANGE2013_SP1", "EXCHANGE2015",
                "EXCHANGE2016", "V2015_10_05", "V2016_01_06", "V2016_04_13", "V2016_07_13", "V2016_10_10",
                "V2017_01_07", "V2017_04_14", "V2017_07_11", "V2017_10_09", "V2018_01_08"})
        void everyVersionFromExchange2013OnIsAccepted(ExchangeVersion version) throws Exception {
            EwsRequest request = read(DOCUMENTED.replace("\"Exchange2013\"", "\"" + version.wireName() + "\""));

            assertThat(request.version()).isEqualTo(version);
            assertThat(request.versionSpecified()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(TokenType.class)
        void everyTokenTypeIsAccepted(TokenType type) throws Exception {
            assertThat(tokenRequests(withTokenRequest("<t:Id>x</t:Id><t:TokenType>" + type.wireName() + "</t:TokenType>")))
                    .containsExactly(new TokenRequest("x", type, null, null));
        }

        @Test
        void theReaderIsReusableAndSafeToShareBetweenThreads() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> ids = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String id = "id-" + i;
                    String xml = withTokenRequest("<t:Id>" + id + "</t:Id><t:TokenType>CallerIdentity</t:TokenType>");
                    ids.add(pool.submit(() -> tokenRequests(xml).get(0).id()));
                }
                for (int i = 0; i < ids.size(); i++) {
                    assertThat(ids.get(i).get()).isEqualTo("id-" + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Encodings {
        private final String body = withTokenRequest("<t:Id>caf\u00e9 \u4e2d</t:Id><t:TokenType>CallerIdentity</t:TokenType>")
                .replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", "");

        private String idOf(byte[] bytes) throws EwsFaultException {
            return ((GetClientAccessToken) reader.read(new ByteArrayInputStream(bytes)).operation()).requests().get(0).id();
        }

        @Test
        void utf8WithAndWithoutBomOrDeclaration() throws Exception {
            assertThat(idOf(body.getBytes(StandardCharsets.UTF_8))).isEqualTo("caf\u00e9 \u4e2d");
            assertThat(idOf(("\uFEFF" + body).getBytes(StandardCharsets.UTF_8))).isEqualTo("caf\u00e9 \u4e2d");
            assertThat(idOf(("<?xml version='1.0' encoding='UTF-8'?>" + body).getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("caf\u00e9 \u4e2d");
        }

        @Test
        void utf16WithBomIsHonoured() throws Exception {
            byte[] bytes = ("<?xml version='1.0' encoding='UTF-16'?>" + body).getBytes(StandardCharsets.UTF_16);
            assertThat(bytes[0]).isEqualTo((byte) 0xFE);

            assertThat(idOf(bytes)).isEqualTo("caf\u00e9 \u4e2d");
        }

        @Test
        void aDeclaredSingleByteEncodingIsHonoured() throws Exception {
            String latin1 = "<?xml version='1.0' encoding='ISO-8859-1'?>"
                    + withTokenRequest("<t:Id>caf\u00e9</t:Id><t:TokenType>CallerIdentity</t:TokenType>")
                    .replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", "");

            assertThat(idOf(latin1.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("caf\u00e9");
        }

        @Test
        void bytesThatAreNotUtf8AreAFault() {
            byte[] bytes = body.replace("caf\u00e9", "cafX").getBytes(StandardCharsets.UTF_8);
            int x = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("cafX") + 3;
            bytes[x] = (byte) 0xFF;

            SoapFault fault = faultOf(reader, new ByteArrayInputStream(bytes));

            assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
            assertThat(fault.violation()).contains("Invalid UTF-8");
            assertReadable(fault);
        }

        @Test
        void anUnsupportedDeclaredEncodingIsAFault() {
            SoapFault fault = faultOf(reader, utf8("<?xml version='1.0' encoding='klingon'?>" + body));

            assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
            assertThat(fault.violation()).contains("klingon");
            assertReadable(fault);
        }

        @Test
        void aDeclarationThatContradictsTheBytesIsAFault() {
            SoapFault utf16Declared = faultOf(reader, utf8("<?xml version='1.0' encoding='UTF-16'?>" + body));
            SoapFault utf8Declared = faultOf(reader, new ByteArrayInputStream(
                    ("<?xml version='1.0' encoding='UTF-8'?>" + body).getBytes(StandardCharsets.UTF_16)));

            assertThat(utf16Declared.responseCode()).isEqualTo("ErrorSchemaValidation");
            assertThat(utf16Declared.violation()).contains("UTF-16");
            assertThat(utf8Declared.responseCode()).isEqualTo("ErrorSchemaValidation");
            assertThat(utf8Declared.violation()).contains("UTF-8");
            assertReadable(utf16Declared);
            assertReadable(utf8Declared);
        }

        @Test
        void aFailingStreamIsAnIoProblemNotAFault() {
            InputStream broken = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("connection reset");
                }
            };

            UncheckedIOException e = catchThrowableOfType(UncheckedIOException.class, () -> reader.read(broken));

            assertThat(e).hasRootCauseMessage("connection reset");
        }
    }

    @Nested
    class MalformedXml {
        @ParameterizedTest
        @ValueSource(strings = {"", " \n ", "<?xml version='1.0'?>", "<!-- only a comment -->"})
        void aBodyWithoutRootElementIsAFault(String xml) {
            SoapFault fault = faultOf(xml);

            assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
            assertThat(fault.violation()).isEqualTo("Root element is missing.");
        }

        @Test
        void somethingThatIsNotXmlIsAFaultAtTheFirstCharacter() {
            SoapFault fault = faultOf("hello");

            assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
            assertThat(fault.violation()).startsWith("Unexpected character 'h'");
            assertThat(fault.lineNumber()).isEqualTo(1);
            assertThat(fault.linePosition()).isEqualTo(1);
            assertReadable(fault);
        }

        @Test
        void aTruncatedRequestIsAFaultWhereItEnds() {
            String truncated = DOCUMENTED.substring(0, DOCUMENTED.indexOf("</t:TokenType>"));

            SoapFault fault = faultOf(truncated);

            assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
            assertThat(fault.violation()).startsWith("Unexpected EOF");
            assertThat(fault.lineNumber()).isEqualTo(truncated.split("\n", -1).length);
            assertReadable(fault);
        }

        @Test
        void wellFormednessErrorsAreFaultsWithTheParsersPosition() {
            String mismatched = DOCUMENTED.replace("</t:Id>", "</t:Idx>");
            SoapFault fault = faultOf(mismatched);

            assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
            assertThat(fault.violation()).contains("t:Idx");
            assertThat(fault.lineNumber()).isEqualTo(nameOf(mismatched, "</t:Idx>")[0]);
            assertReadable(fault);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><x:Body/></soap:Envelope>",
            "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/' a='1' a='2'/>",
            "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body>\u0001</soap:Body></soap:Envelope>",
            "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body>&#0;</soap:Body></soap:Envelope>",
            "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'/><soap:Envelope/>",
            "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'/>trailing garbage",
            "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body></soap:Envelope>",
        })
        void otherMalformedDocumentsAreSchemaValidationFaults(String xml) {
            SoapFault fault = faultOf(xml);

            assertThat(fault.responseCode()).isEqualTo("ErrorSchemaValidation");
            assertThat(fault.lineNumber()).isEqualTo(1);
            assertThat(fault.linePosition()).isPositive();
            assertReadable(fault);
        }
    }

    @Nested
    class EnvelopeStructure {
        @Test
        void theRootMustBeASoap11Envelope() {
            String soap12 = DOCUMENTED.replace(SOAP, "http://www.w3.org/2003/05/soap-envelope");

            assertSchemaFault(soap12, "<soap:Envelope", "The root element 'Envelope' in namespace "
                    + "'http://www.w3.org/2003/05/soap-envelope' is not 'Envelope' in namespace '" + SOAP + "'.");
        }

        @Test
        void aBareOperationIsNotAnEnvelope() {
            String xml = "<m:GetClientAccessToken xmlns:m='" + M + "'/>";

            assertSchemaFault(xml, "<m:GetClientAccessToken", "The root element 'GetClientAccessToken' in namespace '"
                    + M + "' is not 'Envelope' in namespace '" + SOAP + "'.");
        }

        @Test
        void anEnvelopeWithoutBodyIsIncomplete() {
            String emptyEnvelope = "<soap:Envelope xmlns:soap='" + SOAP + "'/>";
            String headerOnly = "<soap:Envelope xmlns:soap='" + SOAP + "'>\n  <soap:Header/>\n</soap:Envelope>";

            assertSchemaFault(emptyEnvelope, "<soap:Envelope", incomplete("Envelope", SOAP)
                    + expecting("Header, Body", SOAP));
            assertSchemaFault(headerOnly, "</soap:Envelope", incomplete("Envelope", SOAP) + expecting("Body", SOAP));
        }

        @Test
        void theHeaderMustComeFirstAndOnlyOnce() {
            String body = "<soap:Body><m:GetClientAccessToken/></soap:Body>";
            String twoHeaders = "<soap:Envelope xmlns:soap='" + SOAP + "' xmlns:m='" + M + "'><soap:Header/>"
                    + "<soap:Header />" + body + "</soap:Envelope>";
            String headerAfterBody = DOCUMENTED.replace("</soap:Body>", "</soap:Body><soap:Header/>");

            assertSchemaFault(twoHeaders, "<soap:Header />", invalidChild("Envelope", SOAP, "Header", SOAP)
                    + expecting("Body", SOAP));
            assertSchemaFault(headerAfterBody, "<soap:Header/>", invalidChild("Envelope", SOAP, "Header", SOAP));
        }

        @Test
        void nothingMayFollowTheBody() {
            String xml = DOCUMENTED.replace("</soap:Body>", "</soap:Body><x:Trailer xmlns:x='urn:x'/>");

            assertSchemaFault(xml, "<x:Trailer", invalidChild("Envelope", SOAP, "Trailer", "urn:x"));
        }

        @Test
        void theEnvelopeCannotContainText() {
            String xml = DOCUMENTED.replace("<soap:Body>", "oops<soap:Body>");

            assertSchemaFaultOnLine(xml, "</soap:Header>", cannotContainText("Envelope", SOAP) + expecting("Body", SOAP));
        }

        @Test
        void anEmptyBodyIsIncomplete() {
            String xml = envelope(null, "");

            assertSchemaFault(xml, "</soap:Body", incomplete("Body", SOAP) + expecting(OPERATIONS, M));
        }

        @Test
        void anUnknownOperationIsRefusedNamingItsElementAndNamespace() {
            String getFolder = envelope(null, "<m:GetFolder><m:FolderShape/></m:GetFolder>");
            String wrongNamespace = envelope(null, "<t:GetClientAccessToken/>");
            String noNamespace = envelope(null, "<GetClientAccessToken/>");

            assertSchemaFault(getFolder, "<m:GetFolder>", invalidChild("Body", SOAP, "GetFolder", M)
                    + expecting(OPERATIONS, M));
            assertSchemaFault(wrongNamespace, "<t:GetClientAccessToken",
                    invalidChild("Body", SOAP, "GetClientAccessToken", T) + expecting(OPERATIONS, M));
            assertSchemaFault(noNamespace, "<GetClientAccessToken",
                    invalidChild("Body", SOAP, "GetClientAccessToken", null) + expecting(OPERATIONS, M));
        }

        @Test
        void theBodyHoldsExactlyOneOperation() {
            String op = "<m:GetClientAccessToken><m:TokenRequests><t:TokenRequest><t:Id>x</t:Id>"
                    + "<t:TokenType>Loki</t:TokenType></t:TokenRequest></m:TokenRequests></m:GetClientAccessToken>";
            String xml = envelope(null, op + "\n<m:GetClientAccessToken />");

            assertSchemaFault(xml, "<m:GetClientAccessToken />", invalidChild("Body", SOAP, "GetClientAccessToken", M));
        }
    }

    @Nested
    class RequestServerVersionHeader {
        private String withVersionHeader(String header) {
            return DOCUMENTED.replace("<t:RequestServerVersion Version=\"Exchange2013\" />", header);
        }

        @Test
        void theVersionAttributeIsRequired() {
            String xml = withVersionHeader("<t:RequestServerVersion />");

            assertSchemaFault(xml, "<t:RequestServerVersion", "The required attribute 'Version' is missing.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Exchange2099", "exchange2013", " Exchange2013", "Exchange2013 ", "", "V2018_01_08x"})
        void aVersionOutsideExchangeVersionTypeFailsSchemaValidation(String version) {
            String xml = withVersionHeader("<t:RequestServerVersion Version=\"" + version + "\" />");

            assertSchemaFault(xml, "<t:RequestServerVersion", "The 'Version' attribute is invalid - The value '" + version
                    + "' is invalid according to its datatype '" + T + ":ExchangeVersionType' - The Enumeration"
                    + " constraint failed.");
        }

        @ParameterizedTest
        @EnumSource(value = ExchangeVersion.class, names = {"EXCHANGE2007", "EXCHANGE2007_SP1", "EXCHANGE2009",
                "EXCHANGE2010", "EXCHANGE2010_SP1", "EXCHANGE2010_SP2", "EXCHANGE2012"})
        void aVersionBeforeExchange2013IsAnInvalidServerVersion(ExchangeVersion version) {
            SoapFault fault = faultOf(withVersionHeader("<t:RequestServerVersion Version=\"" + version.wireName() + "\"/>"));

            assertThat(fault.responseCode()).isEqualTo("ErrorInvalidServerVersion");
            assertThat(fault.faultString()).isEqualTo("The specified server version is invalid.");
            assertThat(fault.message()).isEqualTo("The specified server version is invalid.");
            assertThat(fault.violation()).isEqualTo("GetClientAccessToken requires Exchange2013 or later; the request"
                    + " specified " + version.wireName() + ".");
            assertThat(fault.lineNumber()).isNull();
        }

        @Test
        void schemaErrorsInTheBodyWinOverAnOldVersion() {
            String xml = withVersionHeader("<t:RequestServerVersion Version=\"Exchange2010\"/>")
                    .replace("CallerIdentity", "Nonsense");

            assertThat(faultOf(xml).responseCode()).isEqualTo("ErrorSchemaValidation");
        }

        @Test
        void undeclaredAttributesAreRefused() {
            String xml = withVersionHeader("<t:RequestServerVersion Version=\"Exchange2013\" Flavour=\"x\"/>");

            assertSchemaFault(xml, "<t:RequestServerVersion", "The 'Flavour' attribute is not declared.");
        }

        @Test
        void itHasNoContent() {
            String xml = withVersionHeader("<t:RequestServerVersion Version=\"Exchange2013\"><t:X/></t:RequestServerVersion>");

            assertSchemaFault(xml, "<t:X/>", invalidChild("RequestServerVersion", T, "X", T));
        }

        @Test
        void itMayAppearOnlyOnce() {
            SoapFault fault = faultOf(withVersionHeader("<t:RequestServerVersion Version=\"Exchange2013\"/>"
                    + "<t:RequestServerVersion Version=\"Exchange2016\"/>"));

            assertThat(fault.responseCode()).isEqualTo("ErrorInvalidRequest");
            assertThat(fault.violation()).isEqualTo("The request contains more than one RequestServerVersion header.");
        }
    }

    @Nested
    class GetClientAccessTokenStructure {
        @Test
        void theOperationNeedsTokenRequests() {
            String xml = envelope(null, "<m:GetClientAccessToken>\n</m:GetClientAccessToken>");

            assertSchemaFault(xml, "</m:GetClientAccessToken", incomplete("GetClientAccessToken", M)
                    + expecting("TokenRequests", M));
        }

        @Test
        void tokenRequestsMustBeInTheMessagesNamespaceAndAppearOnce() {
            String wrongNamespace = envelope(null, "<m:GetClientAccessToken><t:TokenRequests/></m:GetClientAccessToken>");
            String twice = withTokenRequest("<t:Id>x</t:Id><t:TokenType>Loki</t:TokenType>")
                    .replace("</m:GetClientAccessToken>", "<m:TokenRequests /></m:GetClientAccessToken>");

            assertSchemaFault(wrongNamespace, "<t:TokenRequests",
                    invalidChild("GetClientAccessToken", M, "TokenRequests", T) + expecting("TokenRequests", M));
            assertSchemaFault(twice, "<m:TokenRequests />",
                    invalidChild("GetClientAccessToken", M, "TokenRequests", M));
        }

        @Test
        void emptyTokenRequestsAreIncompleteWhetherSelfClosedOrNot() {
            String selfClosed = envelope(null, "<m:GetClientAccessToken>\n  <m:TokenRequests/>\n</m:GetClientAccessToken>");
            String openClose = envelope(null, "<m:GetClientAccessToken>\n  <m:TokenRequests>\n  </m:TokenRequests>\n"
                    + "</m:GetClientAccessToken>");
            String violation = incomplete("TokenRequests", M) + expecting("TokenRequest", T);

            assertSchemaFault(selfClosed, "<m:TokenRequests/>", violation);
            assertSchemaFault(openClose, "</m:TokenRequests>", violation);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.ewstoken.protocol.SoapRequestReaderTest#tokenRequestContentModel")
        void theTokenRequestContentModelIsEnforced(String rule, String xml, String at, String violation) {
            assertSchemaFault(xml, at, violation);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Foo", "callerIdentity", " CallerIdentity", "CallerIdentity\n", ""})
        void aTokenTypeOutsideTheEnumerationIsRefusedAtItsElement(String value) {
            String xml = withTokenRequest("<t:Id>x</t:Id>\n<t:TokenType>" + value + "</t:TokenType>");

            assertSchemaFault(xml, "<t:TokenType>", "The '" + T + ":TokenType' element is invalid - The value '" + value
                    + "' is invalid according to its datatype '" + T + ":ClientAccessTokenTypeType' - The Enumeration"
                    + " constraint failed.");
        }

        @Test
        void aTokenRequestCannotContainText() {
            String xml = withTokenRequest("<t:Id>x</t:Id> stray <t:TokenType>Loki</t:TokenType>");

            assertSchemaFaultOnLine(xml, "<t:Id>", cannotContainText("TokenRequest", T) + expecting("TokenType", T));
        }

        @Test
        void textOnlyElementsCannotContainElements() {
            String xml = withTokenRequest("<t:Id>x<t:b>bold</t:b></t:Id><t:TokenType>Loki</t:TokenType>");

            assertSchemaFault(xml, "<t:b>", "The element 'Id' in namespace '" + T + "' cannot contain child element 'b'"
                    + " in namespace '" + T + "' because the parent element's content model is text only.");
        }

        @Test
        void undeclaredAttributesAreRefusedOnEveryRequestElement() {
            assertSchemaFault(withTokenRequest("<t:Id kind=\"guid\">x</t:Id><t:TokenType>Loki</t:TokenType>"),
                    "<t:Id", "The 'kind' attribute is not declared.");
            assertSchemaFault(withTokenRequests("<t:TokenRequest t:Priority=\"1\"><t:Id>x</t:Id></t:TokenRequest>"),
                    "<t:TokenRequest", "The '" + T + ":Priority' attribute is not declared.");
            assertSchemaFault(envelope(null, "<m:GetClientAccessToken Async=\"true\"/>"),
                    "<m:GetClientAccessToken", "The 'Async' attribute is not declared.");
        }

        @Test
        void xsiNilIsRefusedAsNoElementIsNillable() {
            String xml = withTokenRequest("<t:Id>x</t:Id><t:TokenType>Loki</t:TokenType>"
                    + "<t:Scope xmlns:xsi=\"" + EwsNamespaces.XSI + "\" xsi:nil=\"true\"/>");

            assertSchemaFault(xml, "<t:Scope", "If the 'nillable' attribute is false in the schema, the 'xsi:nil'"
                    + " attribute must not be present in the instance.");
        }

        @Test
        void anEntityReferenceWithoutDefinitionIsRefused() {
            String xml = withTokenRequest("<t:Id>&xxe;</t:Id><t:TokenType>Loki</t:TokenType>");

            assertSchemaFaultOnLine(xml, "<t:Id>", "Reference to undeclared entity 'xxe'.");
        }
    }

    /** Every fault message must be fit for a client: no parser internals, no location noise. */
    static void assertReadable(SoapFault fault) {
        assertThat(fault.violation()).isNotBlank()
                .doesNotContain("com.ctc", "java.", "Exception", "\n at [", "Wstx", "stax");
        assertThat(fault.faultString()).doesNotContain("com.ctc", "java.", "Exception");
    }
}
