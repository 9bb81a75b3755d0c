package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.protocol.Requests.SOAP;
import static org.ewstoken.protocol.Requests.T;
import static org.ewstoken.protocol.Requests.envelope;
import static org.ewstoken.protocol.Requests.utf8;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.ewstoken.protocol.schema.ResponseValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * SOAP header blocks: one marked mustUnderstand that the server does not process gets SOAP 1.1's
 * MustUnderstand fault; the impersonation headers get Exchange's "no impersonation rights" fault;
 * the harmless EWS context headers and unmarked foreign ones are accepted.
 */
class SoapHeaderTest {

    private static final String BODY = "<m:GetClientAccessToken><m:TokenRequests><t:TokenRequest>"
            + "<t:Id>1C50226D-04B5-4AB2-9FCD-42E236B59E4B</t:Id><t:TokenType>CallerIdentity</t:TokenType>"
            + "</t:TokenRequest></m:TokenRequests></m:GetClientAccessToken>";
    private static final String VERSION = "<t:RequestServerVersion Version=\"Exchange2013\"/>";

    private final SoapRequestReader reader = new SoapRequestReader(ParserLimits.DEFAULTS);
    private final SoapResponseWriter writer = new SoapResponseWriter();

    private static void forEachValidator(Consumer<ResponseValidator> check) {
        check.accept(ResponseValidator.ownSchema());
        Conformance.official().ifPresent(check);
    }

    private SoapFault fault(String header) {
        return SoapRequestReaderTest.faultOf(reader, utf8(envelope(header, BODY)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<x:Security xmlns:x=\"urn:example:security\" soap:mustUnderstand=\"1\"/>",
        "<x:Security xmlns:x=\"urn:example:security\" soap:mustUnderstand=\"true\"><x:Token>abc</x:Token></x:Security>",
        "<Routing xmlns=\"urn:other\" soap:mustUnderstand=\" 1 \"/>",
        "<t:ManagementRole soap:mustUnderstand=\"1\"><t:UserRoles/></t:ManagementRole>",
        "<t:Unknown soap:mustUnderstand=\"1\"/>"})
    void aBlockMarkedMustUnderstandThatIsNotProcessedGetsTheMustUnderstandFault(String block) {
        SoapFault f = fault(VERSION + block);
        assertThat(f.isMustUnderstand()).isTrue();
        assertThat(f.faultString()).contains("was not understood by the recipient of this message");
        String xml = new String(writer.fault(f), StandardCharsets.UTF_8);
        assertThat(xml).contains("<faultcode>s:MustUnderstand</faultcode>").doesNotContain("<detail>");
        forEachValidator(v -> v.validate(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theFaultNamesTheBlockAndItsNamespaceEscaped() {
        SoapFault f = fault("<x:A xmlns:x=\"urn:a&amp;b\" soap:mustUnderstand=\"1\"/>");
        assertThat(f.faultString()).contains("'A'", "'urn:a&b'");
        assertThat(new String(writer.fault(f), StandardCharsets.UTF_8)).contains("urn:a&amp;b");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>ceo@contoso.com</t:PrimarySmtpAddress>"
                + "</t:ConnectingSID></t:ExchangeImpersonation>",
        "<t:ExchangeImpersonation soap:mustUnderstand=\"0\"><t:ConnectingSID><t:SmtpAddress>a@b.c</t:SmtpAddress>"
                + "</t:ConnectingSID></t:ExchangeImpersonation>",
        "<t:SerializedSecurityContext><t:UserSid>S-1-5-21-1</t:UserSid></t:SerializedSecurityContext>",
        "<t:SerializedSecurityContext soap:mustUnderstand=\"1\"/>"})
    void impersonationIsRefusedAsExchangeRefusesACallerWithoutTheRight(String block) {
        for (String header : new String[] {VERSION + block, block + VERSION, block}) {
            SoapFault f = fault(header);
            assertThat(f.responseCode()).isEqualTo("ErrorImpersonateUserDenied");
            assertThat(f.faultString()).isEqualTo("The account does not have permission to impersonate the requested user.");
            byte[] xml = writer.fault(f);
            forEachValidator(v -> v.validate(xml));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<t:MailboxCulture soap:mustUnderstand=\"1\">en-US</t:MailboxCulture>",
        "<t:TimeZoneContext soap:mustUnderstand=\"1\"><t:TimeZoneDefinition Id=\"UTC\"/></t:TimeZoneContext>",
        "<t:DateTimePrecision>Seconds</t:DateTimePrecision>",
        "<x:Trace xmlns:x=\"urn:example:trace\" soap:mustUnderstand=\"0\"/>",
        "<x:Trace xmlns:x=\"urn:example:trace\"/>",
        "<x:Trace xmlns:x=\"urn:example:trace\" mustUnderstand=\"1\"/>"})
    void understoodAndUnmarkedBlocksAreAccepted(String block) throws Exception {
        EwsRequest request = reader.read(utf8(envelope(VERSION.replace("/>", " soap:mustUnderstand=\"1\"/>") + block, BODY)));
        assertThat(request.operation()).isInstanceOf(GetClientAccessToken.class);
        assertThat(SOAP).isNotEmpty();
        assertThat(T).isNotEmpty();
    }
}
