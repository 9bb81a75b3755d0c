package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.hostile.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A callback-token request is forwarded as the service account, so it is rebuilt, not filtered: the upstream gets
 * ewstoken's own headers, the allow-listed client headers, the allow-listed SOAP header blocks, ewstoken's
 * impersonation and the operation. Everything else is refused with Exchange's answer, and nothing reaches the upstream.
 */
class ServiceAccountForwardingTest {

    static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String T = "http://schemas.microsoft.com/exchange/services/2006/types";
    static final String GET_ITEM_ACTION = "\"http://schemas.microsoft.com/exchange/services/2006/messages/GetItem\"";

    @RegisterExtension
    final FrontPerTest fixture = FrontPerTest.withServiceAccount();
    /** CallbackTokenTest's set-up (alice, the add-in, a callback token) and helpers, on this test's front. */
    final CallbackTokenTest f = new CallbackTokenTest();

    @BeforeEach
    void start() throws Exception {
        f.f = fixture;
        f.start();
    }

    /** Sends the envelope with the token and these header lines; skips interim 1xx answers. */
    RawHttp.Response send(String envelope, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of("Content-Type: text/xml; charset=utf-8", "Authorization: Bearer " + f.token));
        all.addAll(List.of(headers));
        byte[] request = RawHttp.post("/EWS/Exchange.asmx", envelope.getBytes(StandardCharsets.UTF_8), all.toArray(String[]::new));
        try (Socket s = RawHttp.connect(null, fixture.front().server().port(), Duration.ofSeconds(30))) {
            s.getOutputStream().write(request);
            InputStream in = s.getInputStream();
            RawHttp.Response r = RawHttp.read(in);
            while (r.status() == 100) r = RawHttp.read(in);
            return r;
        }
    }

    static Set<String> names(UpstreamFixture.Recorded got) {
        Set<String> names = new TreeSet<>();
        got.headers().forEach(h -> names.add(h.getName().toLowerCase(Locale.ROOT)));
        return names;
    }

    static Document dom(byte[] xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static List<String> children(Element parent) {
        List<String> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) out.add("{" + n.getNamespaceURI() + "}" + n.getLocalName());
            else if (n.getNodeType() != Node.TEXT_NODE) out.add("node type " + n.getNodeType());
        }
        return out;
    }

    @Test
    void theUpstreamGetsOnlyEwstokensOwnHeadersAndTheAllowListedOnesOfTheClient() throws Exception {
        String envelope = CallbackTokenTest.getItem(CallbackTokenTest.ITEM, "");
        RawHttp.Response r = send(envelope, "User-Agent: AddInBackEnd/1.0", "Accept: text/xml", "Accept-Language: de-DE",
                "client-request-id: 5f1c", "X-AnchorMailbox: ceo@contoso.com", "X-BackEndOverrideCookie: mbx01~1942",
                "X-PreferServerAffinity: true", "Cookie: X-BEResource=mbx01~1942; X-BackEndCookie=ceo", "X-Real-IP: 6.6.6.6",
                "True-Client-IP: 6.6.6.6", "X-Client-IP: 6.6.6.6", "X-Forwarded-For: 6.6.6.6", "Forwarded: for=6.6.6.6",
                "X-Forwarded-Host: evil.example", "X-Original-URL: /ecp/", "X-Rewrite-URL: /powershell/",
                "X-HTTP-Method-Override: DELETE", "X-Custom: anything", "SOAPAction: " + GET_ITEM_ACTION, "Via: 1.0 evil",
                "Proxy-Authorization: Basic c2VjcmV0", "Content-Language: en");
        assertThat(r.status()).isEqualTo(200);

        UpstreamFixture.Recorded got = f.forwarded();
        assertThat(names(got)).containsExactlyInAnyOrder("host", "authorization", "x-anchormailbox", "soapaction",
                "content-type", "content-length", "user-agent", "accept", "accept-language", "client-request-id", "via",
                "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host");
        assertThat(got.header("Authorization")).startsWith("Basic ");
        assertThat(got.header("X-AnchorMailbox")).isEqualTo(TestServer.ALICE);
        assertThat(got.header("SOAPAction")).isEqualTo(GET_ITEM_ACTION);
        assertThat(got.header("Content-Type")).isEqualTo("text/xml; charset=utf-8");
        assertThat(got.header("Content-Length")).isEqualTo(Integer.toString(got.body().length));
        assertThat(got.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(got.header("X-Forwarded-Host")).isEqualTo("localhost");
        assertThat(got.header("Forwarded")).doesNotContain("6.6.6.6");
        assertThat(got.header("Via")).isEqualTo("1.1 ewstoken");
        assertThat(got.header("User-Agent")).isEqualTo("AddInBackEnd/1.0");
        assertThat(got.headers().toString()).doesNotContain("6.6.6.6").doesNotContain("ceo@contoso.com")
                .doesNotContain("mbx01").doesNotContain("evil");
    }

    @Test
    void theForwardedSoapHeaderHoldsTheAllowListedBlocksAndEwstokensImpersonationOnly() throws Exception {
        String header = "<!-- client comment --><?client-pi x?><t:MailboxCulture>de-DE</t:MailboxCulture>"
                + "<t:TimeZoneContext><t:TimeZoneDefinition Id=\"W. Europe Standard Time\"/></t:TimeZoneContext>"
                + "<t:DateTimePrecision>Milliseconds</t:DateTimePrecision>";
        String envelope = CallbackTokenTest.getItem(CallbackTokenTest.ITEM, header)
                .replace("<m:ItemShape>", "<!-- in the body --><m:ItemShape>");
        assertThat(send(envelope).status()).isEqualTo(200);

        Document sent = dom(f.forwarded().body());
        Element soapHeader = (Element) sent.getElementsByTagNameNS(SOAP, "Header").item(0);
        assertThat(children(soapHeader)).containsExactly("{" + T + "}ExchangeImpersonation", "{" + T + "}RequestServerVersion",
                "{" + T + "}MailboxCulture", "{" + T + "}TimeZoneContext", "{" + T + "}DateTimePrecision");
        assertThat(soapHeader.getElementsByTagNameNS(T, "PrimarySmtpAddress").item(0).getTextContent()).isEqualTo(TestServer.ALICE);
        assertThat(soapHeader.getElementsByTagNameNS(T, "TimeZoneDefinition").item(0).getAttributes()
                .getNamedItem("Id").getNodeValue()).isEqualTo("W. Europe Standard Time");
        Element body = (Element) sent.getElementsByTagNameNS(SOAP, "Body").item(0);
        assertThat(children(body)).containsExactly("{http://schemas.microsoft.com/exchange/services/2006/messages}GetItem");
        assertThat(children(sent.getDocumentElement())).containsExactly("{" + SOAP + "}Header", "{" + SOAP + "}Body");
        assertThat(fixture.upstream().pollRequest(Duration.ofMillis(200))).as("one request reached the upstream").isNull();
        assertThat(body.getTextContent()).doesNotContain("in the body");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            <t:SerializedSecurityContext><t:UserSid>S-1-5-18</t:UserSid><t:GroupSids/><t:PrimarySmtpAddress>ceo@contoso.com</t:PrimarySmtpAddress></t:SerializedSecurityContext> | ErrorTokenSerializationDenied | client_security_context
            <t:OpenAsAdminOrSystemService LogonType="SystemService"><t:ConnectingSID><t:PrimarySmtpAddress>ceo@contoso.com</t:PrimarySmtpAddress></t:ConnectingSID></t:OpenAsAdminOrSystemService> | ErrorAccessDenied | client_admin_logon
            <t:ManagementRole><t:UserRoles><t:Role><t:Name>MailboxSearch</t:Name></t:Role></t:UserRoles></t:ManagementRole> | ErrorInvalidManagementRoleHeader | client_management_role
            <t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>ceo@contoso.com</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation> | ErrorImpersonateUserDenied | client_impersonation
            <x:ExchangeImpersonation xmlns:x="urn:elsewhere"><x:PrimarySmtpAddress>ceo@contoso.com</x:PrimarySmtpAddress></x:ExchangeImpersonation> | ErrorImpersonateUserDenied | client_impersonation
            <x:RequestServerVersion xmlns:x="urn:elsewhere" Version="Exchange2013"/> | ErrorAccessDenied | client_soap_header
            <x:Routing xmlns:x="urn:x" soap:mustUnderstand="1">mbx01</x:Routing> | ErrorAccessDenied | client_soap_header
            <t:ProxySecurityContext>AAAA</t:ProxySecurityContext> | ErrorAccessDenied | client_soap_header
            <t:DateTimePrecision>Seconds</t:DateTimePrecision><t:SerializedSecurityContext/> | ErrorTokenSerializationDenied | client_security_context
            <t:RequestServerVersion Version="Exchange2010"/> | ErrorSchemaValidation | duplicate_soap_header
            <t:MailboxCulture>de-DE</t:MailboxCulture><t:MailboxCulture>en-US</t:MailboxCulture> | ErrorSchemaValidation | duplicate_soap_header
            """)
    void aHeaderBlockOutsideTheAllowListIsRefusedWithExchangesCodeAndNothingIsForwarded(String block, String code,
                                                                                    String reason) throws Exception {
        RawHttp.Response r = send(CallbackTokenTest.getItem(CallbackTokenTest.ITEM, block));
        assertThat(r.status()).isEqualTo(500);
        assertThat(CallbackTokenTest.code(r)).isEqualTo(code);
        assertThat(fixture.upstream().pollRequest(Duration.ofMillis(300))).isNull();
        assertThat(f.audit(1).get(0).verdict()).isEqualTo("refused:" + reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <soap:Body><m:GetItem/></soap:Body><soap:Header><t:SerializedSecurityContext/></soap:Header>
            <soap:Header/><soap:Header><t:SerializedSecurityContext/></soap:Header><soap:Body><m:GetItem/></soap:Body>
            <x:Header xmlns:x="urn:x"><t:SerializedSecurityContext/></x:Header><soap:Body><m:GetItem/></soap:Body>
            <soap:Body><m:GetItem/></soap:Body><soap:Body/>
            <t:SerializedSecurityContext/><soap:Body><m:GetItem/></soap:Body>
            """)
    void anEnvelopeWithMoreThanOneReadingIsRefused(String inside) throws Exception {
        String envelope = "<soap:Envelope xmlns:soap=\"" + SOAP + "\" xmlns:t=\"" + T + "\""
                + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
                + inside.replace("<m:GetItem/>", "<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>"
                        + "<m:ItemIds><t:ItemId Id=\"" + CallbackTokenTest.ITEM + "\"/></m:ItemIds></m:GetItem>")
                + "</soap:Envelope>";
        RawHttp.Response r = send(envelope);
        assertThat(r.status()).isEqualTo(500);
        assertThat(CallbackTokenTest.code(r)).isEqualTo("ErrorInvalidRequest");
        assertThat(fixture.upstream().pollRequest(Duration.ofMillis(300))).isNull();
    }

    @Test
    void aSoapActionNamingAnotherOperationIsRefusedAndTheForwardedOneIsEwstokens() throws Exception {
        String envelope = CallbackTokenTest.getItem(CallbackTokenTest.ITEM, "");
        for (String other : List.of("\"http://schemas.microsoft.com/exchange/services/2006/messages/MoveItem\"",
                "http://schemas.microsoft.com/exchange/services/2006/messages/DeleteItem", "\"urn:elsewhere/GetItem\"",
                "GetItem", "\"http://schemas.microsoft.com/exchange/services/2006/messages/GetItem/x\"")) {
            RawHttp.Response r = send(envelope, "SOAPAction: " + other);
            assertThat(r.status()).as(other).isEqualTo(500);
            assertThat(CallbackTokenTest.code(r)).isEqualTo("ErrorAccessDenied");
            assertThat(CallbackTokenTest.message(r)).isEqualTo(CallbackForwarding.WEB_METHOD_UNAVAILABLE);
        }
        assertThat(fixture.upstream().pollRequest(Duration.ofMillis(300))).isNull();
        for (String same : List.of(GET_ITEM_ACTION, "\"\"", "http://schemas.microsoft.com/exchange/services/2006/messages/GetItem")) {
            assertThat(send(envelope, "SOAPAction: " + same).status()).as(same).isEqualTo(200);
            assertThat(f.forwarded().header("SOAPAction")).isEqualTo(GET_ITEM_ACTION);
        }
        assertThat(send(envelope).status()).isEqualTo(200);
        assertThat(f.forwarded().header("SOAPAction")).isEqualTo(GET_ITEM_ACTION);
    }

    @Test
    void aBodyWithAContentEncodingIsRefusedAndNoForwardedBodyIsLabelledWithOne() throws Exception {
        String envelope = CallbackTokenTest.getItem(CallbackTokenTest.ITEM, "");
        for (String coding : List.of("gzip", "deflate", "br", "identity, gzip", "x-anything")) {
            RawHttp.Response r = send(envelope, "Content-Encoding: " + coding);
            assertThat(r.status()).as(coding).isEqualTo(415);
        }
        assertThat(fixture.upstream().pollRequest(Duration.ofMillis(300))).isNull();
        assertThat(send(envelope, "Content-Encoding: identity").status()).isEqualTo(200);
        UpstreamFixture.Recorded got = f.forwarded();
        assertThat(got.header("Content-Encoding")).isNull();
        assertThat(got.bodyText()).contains("<t:ItemId Id=\"" + CallbackTokenTest.ITEM + "\"");
    }

    @Test
    void aRequestThatAskedForOneHundredContinueIsForwardedWithoutExpectAndAnswered() throws Exception {
        RawHttp.Response r = send(CallbackTokenTest.getItem(CallbackTokenTest.ITEM, ""), "Expect: 100-continue");
        assertThat(r.status()).isEqualTo(200);
        UpstreamFixture.Recorded got = f.forwarded();
        assertThat(got.header("Expect")).isNull();
        assertThat(got.bodyText()).contains("ExchangeImpersonation");
    }

    @Test
    void aCallbackRequestDeclaringTooLargeABodyGets413BeforeBeingInvitedToSendIt() throws Exception {
        try (Socket s = RawHttp.connect(null, fixture.front().server().port(), Duration.ofSeconds(30))) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                    + "Authorization: Bearer " + f.token + "\r\nContent-Length: 1073741824\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            RawHttp.Response r = RawHttp.read(s.getInputStream());
            assertThat(r.status()).isEqualTo(413);
        }
        assertThat(fixture.upstream().pollRequest(Duration.ofMillis(300))).isNull();
    }
}
