package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.protocol.Conformance.assertValidEverywhere;
import static org.ewstoken.protocol.Requests.utf8;
import static org.ewstoken.testkit.TestXml.elements;
import static org.ewstoken.testkit.TestXml.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class SoapResponseWriterTest {
    private static final String M = EwsNamespaces.MESSAGES;
    private static final String T = EwsNamespaces.TYPES;
    private static final String ID = "1C50226D-04B5-4AB2-9FCD-42E236B59E4B";
    private static final String JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6ImFiYyJ9.eyJhdWQiOiJodHRwczovL2EifQ.c2ln";
    /** Characters no XML 1.0 document can carry, and the rest of the usual suspects. */
    private static final String HOSTILE = "<script>alert('x')</script> & \"q\" ]]> \u0000\u0001\u001F|\uD800|\uDC00|"
            + "\uFFFE\uFFFF| \uD83D\uDE00 caf\u00e9 \r\n\tend";
    /** What a parser must read back: impossible characters replaced by U+FFFD, everything else intact. */
    private static final String HOSTILE_READ_BACK = "<script>alert('x')</script> & \"q\" ]]> \uFFFD\uFFFD\uFFFD|\uFFFD|"
            + "\uFFFD|\uFFFD\uFFFD| \uD83D\uDE00 caf\u00e9 \r\n\tend";

    private final SoapResponseWriter writer = new SoapResponseWriter();

    private static String utf8String(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String childText(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                return e.getTextContent();
            }
        }
        return null;
    }

    private static List<String> childNames(Element parent) {
        List<String> names = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            names.add(n instanceof Element e ? e.getLocalName() : "#" + n.getNodeName());
        }
        return names;
    }

    @Nested
    class TokenResponses {
        @Test
        void aResponseIsByteForByteInExchangesWireStyle() {
            byte[] response = writer.getClientAccessTokenResponse(ServerVersionInfo.DEFAULT, List.of(
                    new TokenResponseMessage.Success(ID, TokenType.CALLER_IDENTITY, JWT, 479),
                    new TokenResponseMessage.Failure("ErrorExtensionNotFound", "The extension could not be found.")));

            assertThat(utf8String(response)).isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                    + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header>"
                    + "<h:ServerVersionInfo MajorVersion=\"15\" MinorVersion=\"20\" MajorBuildNumber=\"6000\""
                    + " MinorBuildNumber=\"0\" Version=\"V2018_01_08\""
                    + " xmlns:h=\"http://schemas.microsoft.com/exchange/services/2006/types\""
                    + " xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\""
                    + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                    + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"/></s:Header>"
                    + "<s:Body xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                    + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
                    + "<m:GetClientAccessTokenResponse"
                    + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\""
                    + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><m:ResponseMessages>"
                    + "<m:GetClientAccessTokenResponseMessage ResponseClass=\"Success\">"
                    + "<m:ResponseCode>NoError</m:ResponseCode><m:Token><t:Id>" + ID + "</t:Id>"
                    + "<t:TokenType>CallerIdentity</t:TokenType><t:TokenValue>" + JWT + "</t:TokenValue>"
                    + "<t:TTL>479</t:TTL></m:Token></m:GetClientAccessTokenResponseMessage>"
                    + "<m:GetClientAccessTokenResponseMessage ResponseClass=\"Error\">"
                    + "<m:MessageText>The extension could not be found.</m:MessageText>"
                    + "<m:ResponseCode>ErrorExtensionNotFound</m:ResponseCode>"
                    + "<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:GetClientAccessTokenResponseMessage>"
                    + "</m:ResponseMessages></m:GetClientAccessTokenResponse></s:Body></s:Envelope>");
            assertValidEverywhere(response);
        }

        @Test
        void messagesReadBackInOrderWithEveryValue() throws Exception {
            List<TokenResponseMessage> messages = new ArrayList<>();
            for (TokenType type : TokenType.values()) {
                messages.add(new TokenResponseMessage.Success("id-" + type, type, "token-" + type, type.ordinal() * 100L));
            }
            messages.add(2, new TokenResponseMessage.Failure("ErrorInvalidClientAccessTokenRequest",
                    "The caller does not have enough permission for this token request."));
            messages.add(new TokenResponseMessage.Failure("ErrorUnauthorizedClientAccessTokenRequest", "No."));

            Document doc = parse(assertValidEverywhere(writer.getClientAccessTokenResponse(
                    new ServerVersionInfo(15, 1, 2507, 39, "V2017_07_11"), messages)));

            Element info = elements(doc, T, "ServerVersionInfo").get(0);
            assertThat(List.of(info.getAttribute("MajorVersion"), info.getAttribute("MinorVersion"),
                    info.getAttribute("MajorBuildNumber"), info.getAttribute("MinorBuildNumber"), info.getAttribute("Version")))
                    .containsExactly("15", "1", "2507", "39", "V2017_07_11");
            List<Element> read = elements(doc, M, "GetClientAccessTokenResponseMessage");
            assertThat(read).hasSize(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                Element e = read.get(i);
                if (messages.get(i) instanceof TokenResponseMessage.Success s) {
                    assertThat(e.getAttribute("ResponseClass")).isEqualTo("Success");
                    assertThat(childNames(e)).containsExactly("ResponseCode", "Token");
                    assertThat(childText(e, M, "ResponseCode")).isEqualTo("NoError");
                    Element token = (Element) e.getElementsByTagNameNS(M, "Token").item(0);
                    assertThat(childNames(token)).containsExactly("Id", "TokenType", "TokenValue", "TTL");
                    assertThat(childText(token, T, "Id")).isEqualTo(s.id());
                    assertThat(childText(token, T, "TokenType")).isEqualTo(s.type().wireName());
                    assertThat(childText(token, T, "TokenValue")).isEqualTo(s.tokenValue());
                    assertThat(childText(token, T, "TTL")).isEqualTo(Long.toString(s.ttlMinutes()));
                } else {
                    TokenResponseMessage.Failure f = (TokenResponseMessage.Failure) messages.get(i);
                    assertThat(e.getAttribute("ResponseClass")).isEqualTo("Error");
                    assertThat(childNames(e)).containsExactly("MessageText", "ResponseCode", "DescriptiveLinkKey");
                    assertThat(childText(e, M, "MessageText")).isEqualTo(f.messageText());
                    assertThat(childText(e, M, "ResponseCode")).isEqualTo(f.responseCode());
                    assertThat(childText(e, M, "DescriptiveLinkKey")).isEqualTo("0");
                }
            }
        }

        @Test
        void hostileStringsAreEscapedIntoWellFormedValidXmlAndReadBackIntact() throws Exception {
            byte[] response = writer.getClientAccessTokenResponse(new ServerVersionInfo(15, 20, 6000, 0, HOSTILE), List.of(
                    new TokenResponseMessage.Success(HOSTILE, TokenType.SCOPED_TOKEN, HOSTILE, 0),
                    new TokenResponseMessage.Failure("ErrorExtensionNotFound", HOSTILE)));

            Document doc = parse(assertValidEverywhere(response));

            assertThat(elements(doc, T, "ServerVersionInfo").get(0).getAttribute("Version")).isEqualTo(HOSTILE_READ_BACK);
            assertThat(elements(doc, T, "Id").get(0).getTextContent()).isEqualTo(HOSTILE_READ_BACK);
            assertThat(elements(doc, T, "TokenValue").get(0).getTextContent()).isEqualTo(HOSTILE_READ_BACK);
            assertThat(elements(doc, M, "MessageText").get(0).getTextContent()).isEqualTo(HOSTILE_READ_BACK);
            assertThat(utf8String(response)).doesNotContain("<script>", "]]>");
        }

        @Test
        void aLargeBatchStaysValid() {
            List<TokenResponseMessage> messages = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                messages.add(i % 3 == 0
                        ? new TokenResponseMessage.Failure("ErrorExtensionNotFound", "not found " + i)
                        : new TokenResponseMessage.Success("id" + i, TokenType.EXTENSION_CALLBACK, JWT.repeat(20), 5));
            }

            assertValidEverywhere(writer.getClientAccessTokenResponse(ServerVersionInfo.DEFAULT, messages));
        }

        @Test
        void aResponseNeedsAtLeastOneMessage() {
            assertThatThrownBy(() -> writer.getClientAccessTokenResponse(ServerVersionInfo.DEFAULT, List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Faults {
        @Test
        void aSchemaValidationFaultIsByteForByteInExchangesWireStyle() {
            byte[] fault = writer.fault(SoapFault.schemaValidation(14, 34,
                    "The element 'TokenRequest' in namespace '" + T + "' has incomplete content."));

            assertThat(utf8String(fault)).isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                    + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
                    + "<faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
                    + "a:ErrorSchemaValidation</faultcode>"
                    + "<faultstring xml:lang=\"en-US\">The request failed schema validation: The element 'TokenRequest'"
                    + " in namespace '" + T + "' has incomplete content.</faultstring>"
                    + "<detail><e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">"
                    + "ErrorSchemaValidation</e:ResponseCode>"
                    + "<e:Message xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">"
                    + "The request failed schema validation.</e:Message>"
                    + "<t:MessageXml xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
                    + "<t:LineNumber>14</t:LineNumber><t:LinePosition>34</t:LinePosition>"
                    + "<t:Violation>The element 'TokenRequest' in namespace '" + T + "' has incomplete content."
                    + "</t:Violation></t:MessageXml></detail></s:Fault></s:Body></s:Envelope>");
            assertValidEverywhere(fault);
        }

        @Test
        void serverBusyCarriesBackOffMillisecondsAsExchangeDoes() throws Exception {
            byte[] fault = assertValidEverywhere(writer.fault(SoapFault.serverBusy(297_749)));

            assertThat(utf8String(fault)).contains("<faultcode xmlns:a=\"" + T + "\">a:ErrorServerBusy</faultcode>",
                    "<t:MessageXml xmlns:t=\"" + T + "\"><t:Value Name=\"BackOffMilliseconds\">297749</t:Value>"
                            + "</t:MessageXml>");
            Document doc = parse(fault);
            assertThat(elements(doc, EwsNamespaces.ERRORS, "ResponseCode").get(0).getTextContent())
                    .isEqualTo("ErrorServerBusy");
            assertThat(elements(doc, EwsNamespaces.ERRORS, "Message").get(0).getTextContent())
                    .isEqualTo("The server cannot service this request right now. Try again later.");
        }

        @Test
        void anInternalServerErrorSaysNothingAboutTheInside() throws Exception {
            byte[] fault = assertValidEverywhere(writer.fault(SoapFault.internalServerError()));

            Document doc = parse(fault);
            assertThat(doc.getElementsByTagName("faultstring").item(0).getTextContent())
                    .isEqualTo("An internal server error occurred. The operation failed.");
            assertThat(elements(doc, T, "MessageXml")).as("no MessageXml without something to put in it").isEmpty();
        }

        @Test
        void versionAndRequestFaultsCarryTheirDetailAsViolation() throws Exception {
            byte[] version = assertValidEverywhere(writer.fault(SoapFault.invalidServerVersion("too old")));
            byte[] request = assertValidEverywhere(writer.fault(SoapFault.invalidRequest("too big")));

            assertThat(utf8String(version)).contains("a:ErrorInvalidServerVersion",
                    "<faultstring xml:lang=\"en-US\">The specified server version is invalid.</faultstring>",
                    "<t:Violation>too old</t:Violation>").doesNotContain("LineNumber");
            assertThat(utf8String(request)).contains("a:ErrorInvalidRequest", "<t:Violation>too big</t:Violation>");
            assertThat(elements(parse(request), EwsNamespaces.ERRORS, "Message").get(0).getTextContent())
                    .isEqualTo("The request is invalid.");
        }

        @Test
        void hostileViolationsAreEscaped() throws Exception {
            Document doc = parse(assertValidEverywhere(writer.fault(SoapFault.schemaValidation(1, 2, HOSTILE))));

            assertThat(elements(doc, T, "Violation").get(0).getTextContent()).isEqualTo(HOSTILE_READ_BACK);
            assertThat(doc.getElementsByTagName("faultstring").item(0).getTextContent())
                    .isEqualTo("The request failed schema validation: " + HOSTILE_READ_BACK);
        }

        @Test
        void everyFaultTheReaderRaisesIsWrittenValidAndReadsBack() throws Exception {
            SoapRequestReader reader = new SoapRequestReader(new ParserLimits(32, 10_000, 64, 8192, 32, 1));
            String[] requests = {
                "",
                "<a>",
                "<!DOCTYPE x [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><x>&x;</x>",
                Requests.envelope(null, ""),
                Requests.envelope(null, "<m:GetFolder/>"),
                Requests.withTokenRequest("<t:Id>x</t:Id><t:TokenType>Bogus &amp; \"quoted\" &lt;x&gt;</t:TokenType>"),
                Requests.DOCUMENTED.replace("Exchange2013", "Exchange2010"),
                Requests.DOCUMENTED.replace("Exchange2013", "Exchange2099"),
                Requests.withTokenRequest("<t:Id>" + "x".repeat(65) + "</t:Id><t:TokenType>Loki</t:TokenType>"),
                Requests.withTokenRequests(
                        "<t:TokenRequest><t:Id>x</t:Id><t:TokenType>Loki</t:TokenType></t:TokenRequest>".repeat(2)),
            };
            for (String request : requests) {
                SoapFault fault = SoapRequestReaderTest.faultOf(reader, utf8(request));

                Document doc = parse(assertValidEverywhere(writer.fault(fault)));

                assertThat(doc.getElementsByTagName("faultcode").item(0).getTextContent())
                        .isEqualTo("a:" + fault.responseCode());
                assertThat(doc.getElementsByTagName("faultstring").item(0).getTextContent()).isEqualTo(fault.faultString());
                if (fault.violation() != null) {
                    assertThat(elements(doc, T, "Violation").get(0).getTextContent()).isEqualTo(fault.violation());
                }
                if (fault.lineNumber() != null) {
                    assertThat(elements(doc, T, "LineNumber").get(0).getTextContent())
                            .isEqualTo(fault.lineNumber().toString());
                }
            }
        }
    }
}
