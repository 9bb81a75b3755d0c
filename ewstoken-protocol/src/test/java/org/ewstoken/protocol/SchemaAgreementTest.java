package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.protocol.Requests.DOCUMENTED;
import static org.ewstoken.protocol.Requests.envelope;
import static org.ewstoken.protocol.Requests.utf8;
import static org.ewstoken.protocol.Requests.withTokenRequest;
import static org.ewstoken.protocol.Requests.withTokenRequests;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ewstoken.protocol.schema.InvalidResponseException;
import org.ewstoken.protocol.schema.ResponseValidator;
import org.junit.jupiter.api.Test;

/**
 * The reader's verdicts agree with real schema validation: what it accepts the schemas accept, and what it
 * calls a schema violation the schemas reject too. The same envelope checks apply to requests and responses.
 */
class SchemaAgreementTest {
    private final SoapRequestReader reader = new SoapRequestReader(ParserLimits.DEFAULTS);

    private static void forEachValidator(java.util.function.Consumer<ResponseValidator> check) {
        check.accept(ResponseValidator.ownSchema());
        Conformance.official().ifPresent(check);
    }

    @Test
    void requestsTheReaderAcceptsAreSchemaValid() throws Exception {
        List<String> valid = List.of(
                DOCUMENTED,
                withTokenRequests("""
                        <t:TokenRequest><t:Id>a</t:Id><t:TokenType>ScopedToken</t:TokenType><t:Scope>s</t:Scope></t:TokenRequest>
                        <t:TokenRequest><t:Id/><t:TokenType>Loki</t:TokenType><t:ResourceUri>r</t:ResourceUri></t:TokenRequest>
                        <t:TokenRequest><t:Id>c</t:Id><t:TokenType>DesktopOutlook</t:TokenType><t:Scope/><t:ResourceUri/></t:TokenRequest>
                        """),
                "<Envelope xmlns='" + EwsNamespaces.SOAP + "'><Body><GetClientAccessToken xmlns='" + EwsNamespaces.MESSAGES
                        + "'><TokenRequests><TokenRequest xmlns='" + EwsNamespaces.TYPES + "'><Id>a</Id>"
                        + "<TokenType>Connectors</TokenType></TokenRequest></TokenRequests></GetClientAccessToken></Body></Envelope>");
        for (String xml : valid) {
            reader.read(utf8(xml));
            forEachValidator(v -> v.validate(xml.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void requestsTheReaderCallsSchemaInvalidAreRejectedByTheSchemasToo() {
        List<String> invalid = List.of(
                DOCUMENTED.replace("Exchange2013", "Exchange2099"),
                DOCUMENTED.replace("<t:RequestServerVersion Version=\"Exchange2013\" />", "<t:RequestServerVersion/>"),
                DOCUMENTED.replace("<t:RequestServerVersion ", "<t:RequestServerVersion Extra='1' "),
                DOCUMENTED.replace("CallerIdentity", " CallerIdentity"),
                envelope(null, "<m:GetClientAccessToken/>"),
                envelope(null, "<m:GetClientAccessToken><m:TokenRequests/></m:GetClientAccessToken>"),
                envelope(null, "<m:GetFolder/>"),
                withTokenRequests("<t:TokenRequest/>"),
                withTokenRequest("<t:Id>x</t:Id>"),
                withTokenRequest("<t:TokenType>Loki</t:TokenType><t:Id>x</t:Id>"),
                withTokenRequest("<t:Id>x</t:Id><t:TokenType>Loki</t:TokenType><t:ResourceUri/><t:Scope/>"),
                withTokenRequest("<t:Id>x<t:b/></t:Id><t:TokenType>Loki</t:TokenType>"),
                withTokenRequest("<t:Id a='1'>x</t:Id><t:TokenType>Loki</t:TokenType>"),
                withTokenRequest("<t:Id>x</t:Id> text <t:TokenType>Loki</t:TokenType>"),
                withTokenRequest("<t:Id>x</t:Id><t:TokenType>Loki</t:TokenType><t:Scope xmlns:xsi='"
                        + EwsNamespaces.XSI + "' xsi:nil='true'/>"));
        for (String xml : invalid) {
            assertThat(SoapRequestReaderTest.faultOf(reader, utf8(xml)).responseCode()).as(xml)
                    .isEqualTo("ErrorSchemaValidation");
            forEachValidator(v -> assertThatThrownBy(() -> v.validate(xml.getBytes(StandardCharsets.UTF_8)))
                    .as(v + " on " + xml).isInstanceOf(InvalidResponseException.class));
        }
    }
}
