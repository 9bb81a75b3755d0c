package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.Envelopes.DOCUMENTED_ADDIN;
import static org.ewstoken.server.Envelopes.getClientAccessToken;
import static org.ewstoken.server.Envelopes.tokenRequest;

import java.net.http.HttpResponse;
import java.util.Set;
import org.ewstoken.server.SoapResponses.Fault;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests that break the schema or the version rules: SOAP faults with HTTP 500, shaped as Exchange's (asked in memory). */
class SoapFaultTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass().inMemory();

    @BeforeAll
    static void start() throws Exception {
        server.addUser(TestServer.ALICE);
        server.addAddIn(DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM, "https://a.example/x.html", Set.of(),
                true, null);
    }

    private static Fault fault(String envelope) throws Exception {
        HttpResponse<String> r = server.soap(envelope, TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        Fault f = SoapResponses.fault(r.body());
        assertThat(r.body()).doesNotContain("Exception", "at org.", "java.");
        return f;
    }

    /** The fault for one request of {@code tokenType} by the documented add-in, asking as {@code version}. */
    private static Fault faultFor(String version, String tokenType) throws Exception {
        return fault(getClientAccessToken(version, tokenRequest(DOCUMENTED_ADDIN, tokenType)));
    }

    private static void assertSchemaValidation(Fault f, String violationFragment) {
        assertThat(f.faultcode()).isEqualTo("a:ErrorSchemaValidation");
        assertThat(f.responseCode()).isEqualTo("ErrorSchemaValidation");
        assertThat(f.faultstring()).startsWith("The request failed schema validation");
        assertThat(f.message()).isEqualTo("The request failed schema validation.");
        assertThat(f.line()).isPositive();
        assertThat(f.position()).isPositive();
        assertThat(f.violation()).contains(violationFragment);
    }

    @Test
    void missingTokenRequestsIsASchemaViolation() throws Exception {
        String envelope = getClientAccessToken("Exchange2013")
                .replace("      <m:TokenRequests>\n      </m:TokenRequests>\n", "");
        assertSchemaValidation(fault(envelope), "TokenRequests");
    }

    @Test
    void emptyTokenRequestsIsASchemaViolationAtItsLine() throws Exception {
        Fault f = fault(getClientAccessToken("Exchange2013"));
        assertSchemaValidation(f, "TokenRequest");
        // Like .NET, incomplete content is reported where the element ends: </m:TokenRequests> on line 12.
        assertThat(f.line()).isEqualTo(12);
    }

    @Test
    void aTokenRequestWithoutIdIsASchemaViolation() throws Exception {
        String envelope = getClientAccessToken("Exchange2013",
                "<t:TokenRequest><t:TokenType>CallerIdentity</t:TokenType></t:TokenRequest>");
        assertSchemaValidation(fault(envelope), "Id");
    }

    @Test
    void anUnknownTokenTypeIsASchemaViolationNamingTheValue() throws Exception {
        assertSchemaValidation(faultFor("Exchange2013", "SuperToken"), "SuperToken");
    }

    @Test
    void anUnknownOperationIsASchemaViolationNamingTheElement() throws Exception {
        String envelope = Envelopes.documented().replace("m:GetClientAccessToken>", "m:GetSuperToken>");
        assertSchemaValidation(fault(envelope), "GetSuperToken");
    }

    @Test
    void aVersionBeforeExchange2013IsAnInvalidServerVersionFault() throws Exception {
        Fault f = faultFor("Exchange2010_SP2", "CallerIdentity");
        assertThat(f.faultcode()).isEqualTo("a:ErrorInvalidServerVersion");
        assertThat(f.responseCode()).isEqualTo("ErrorInvalidServerVersion");
    }

    @Test
    void aVersionThatIsNotInTheSchemaIsASchemaViolation() throws Exception {
        assertSchemaValidation(faultFor("Exchange2099", "CallerIdentity"), "Exchange2099");
    }

    @Test
    void malformedXmlIsAnsweredWithAFaultNotAStackTrace() throws Exception {
        Fault f = fault(Envelopes.documented().substring(0, 300));
        assertThat(f.responseCode()).isEqualTo("ErrorSchemaValidation");
    }

    @Test
    void otherNamespacePrefixesAndDefaultNamespacesAreUnderstood() throws Exception {
        String envelope = """
                <?xml version="1.0" encoding="utf-8"?>
                <Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/">
                  <Header><RequestServerVersion xmlns="http://schemas.microsoft.com/exchange/services/2006/types" Version="Exchange2016"/></Header>
                  <Body>
                    <ns1:GetClientAccessToken xmlns:ns1="http://schemas.microsoft.com/exchange/services/2006/messages"
                        xmlns:ns1b="http://schemas.microsoft.com/exchange/services/2006/messages">
                      <ns1b:TokenRequests>
                        <TokenRequest xmlns="http://schemas.microsoft.com/exchange/services/2006/types">
                          <Id>%s</Id><TokenType>CallerIdentity</TokenType>
                        </TokenRequest>
                      </ns1b:TokenRequests>
                    </ns1:GetClientAccessToken>
                  </Body>
                </Envelope>
                """.formatted(DOCUMENTED_ADDIN);
        HttpResponse<String> r = server.soap(envelope.strip(), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(SoapResponses.messages(r.body())).singleElement()
                .satisfies(m -> assertThat(m.responseCode()).isEqualTo("NoError"));
    }

    @Test
    void aDoctypeIsRefusedBeforeAnyEntityIsExpanded() throws Exception {
        String envelope = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
                + Envelopes.documented().substring(Envelopes.documented().indexOf("<soap:Envelope"))
                .replace(DOCUMENTED_ADDIN, "&e;");
        HttpResponse<String> r = server.soap(envelope, TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("root:");
        assertThat(SoapResponses.fault(r.body()).responseCode()).isIn("ErrorSchemaValidation", "ErrorInvalidRequest");
    }
}
