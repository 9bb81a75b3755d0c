package org.ewstoken.protocol.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ewstoken.protocol.EwsNamespaces;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapFault;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.protocol.TokenResponseMessage;
import org.ewstoken.protocol.TokenType;
import org.ewstoken.testkit.RequiredService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseValidatorTest {
    private static final Path OFFICIAL_DIR =
            Path.of(System.getProperty("ewstoken.officialSchemaDir", "../../shared/ews-schema"));
    private static final String S = EwsNamespaces.SOAP;
    private static final String M = EwsNamespaces.MESSAGES;
    private static final String T = EwsNamespaces.TYPES;

    private final ResponseValidator own = ResponseValidator.ownSchema();
    private final byte[] response = new SoapResponseWriter().getClientAccessTokenResponse(ServerVersionInfo.DEFAULT,
            List.of(new TokenResponseMessage.Success("id", TokenType.CALLER_IDENTITY, "token", 479)));

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private static String envelope(String header, String body) {
        return "<s:Envelope xmlns:s='" + S + "' xmlns:m='" + M + "' xmlns:t='" + T + "'>"
                + (header == null ? "" : "<s:Header>" + header + "</s:Header>")
                + "<s:Body>" + body + "</s:Body></s:Envelope>";
    }

    private static String responseWith(String message) {
        return envelope(null, "<m:GetClientAccessTokenResponse><m:ResponseMessages>" + message
                + "</m:ResponseMessages></m:GetClientAccessTokenResponse>");
    }

    private static ResponseValidator official() {
        Optional<ResponseValidator> official = ResponseValidator.officialSchema(OFFICIAL_DIR);
        RequiredService.assume("The official EWS schema", official.isPresent() ? null
                : OFFICIAL_DIR + " is missing (CI checks the project out beside ../shared)");
        return official.get();
    }

    @Test
    void theOwnSchemaCompilesAndAcceptsTheWritersOutput() {
        own.validate(response);
        own.validate(new SoapResponseWriter().fault(SoapFault.schemaValidation(1, 2, "x")));
    }

    @Test
    void envelopeStructureIsChecked() {
        String body = "<m:GetClientAccessTokenResponse/>";
        String[][] cases = {
            {"not xml", "not well-formed XML"},
            {"<Envelope/>", "the root element must be {" + S + "}Envelope"},
            {"<s:Envelope xmlns:s='" + S + "'/>", "one Body"},
            {"<s:Envelope xmlns:s='" + S + "'><s:Body/><s:Body/></s:Envelope>", "one Body"},
            {"<s:Envelope xmlns:s='" + S + "'><s:Body/><s:Header/></s:Envelope>", "one Body"},
            {"<s:Envelope xmlns:s='" + S + "'><s:Body/></s:Envelope>", "exactly one element, but holds nothing"},
            {envelope(null, body + body), "exactly one element"},
            {envelope(null, "text" + body), "the Body contains text: 'text'"},
            {"<!DOCTYPE x><s:Envelope xmlns:s='" + S + "'><s:Body/></s:Envelope>", "DOCTYPE"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> own.validate(bytes(c[0]))).as(c[0])
                    .isInstanceOf(InvalidResponseException.class).hasMessageContaining(c[1]);
        }
    }

    @Test
    void headerBlocksAndTheBodyElementAreValidatedAgainstTheSchema() {
        String badTtl = responseWith("<m:GetClientAccessTokenResponseMessage ResponseClass='Success'>"
                + "<m:ResponseCode>NoError</m:ResponseCode><m:Token><t:Id>i</t:Id><t:TokenType>Loki</t:TokenType>"
                + "<t:TokenValue>v</t:TokenValue><t:TTL>soon</t:TTL></m:Token></m:GetClientAccessTokenResponseMessage>");
        String badHeader = envelope("<t:ServerVersionInfo MajorVersion='fifteen'/>", "<m:GetClientAccessTokenResponse>"
                + "<m:ResponseMessages><m:GetClientAccessTokenResponseMessage ResponseClass='Error'/></m:ResponseMessages>"
                + "</m:GetClientAccessTokenResponse>");
        String unknownBody = envelope(null, "<m:NoSuchResponse/>");

        assertThatThrownBy(() -> own.validate(bytes(badTtl))).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("body element {" + M + "}GetClientAccessTokenResponse").hasMessageContaining("soon");
        assertThatThrownBy(() -> own.validate(bytes(badHeader))).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("header block {" + T + "}ServerVersionInfo").hasMessageContaining("fifteen");
        assertThatThrownBy(() -> own.validate(bytes(unknownBody))).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("NoSuchResponse");
    }

    @Test
    void faultsAreValidatedAgainstTheEnvelopeAndErrorSchemas() {
        String noFaultString = envelope(null, "<s:Fault><faultcode>t:b</faultcode></s:Fault>");
        String unknownCode = envelope(null, "<s:Fault><faultcode xmlns:a='" + T + "'>a:X</faultcode><faultstring>f"
                + "</faultstring><detail><e:ResponseCode xmlns:e='" + EwsNamespaces.ERRORS + "'>ErrorNobodyKnows"
                + "</e:ResponseCode></detail></s:Fault>");

        assertThatThrownBy(() -> own.validate(bytes(noFaultString))).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("faultstring");
        assertThatThrownBy(() -> own.validate(bytes(unknownCode))).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("ErrorNobodyKnows");
    }

    @Test
    void theOwnResponseCodesAreARestrictionOfTheOfficialOnes() {
        String mailboxMove = responseWith("<m:GetClientAccessTokenResponseMessage ResponseClass='Error'>"
                + "<m:ResponseCode>ErrorMailboxMoveInProgress</m:ResponseCode></m:GetClientAccessTokenResponseMessage>");
        ResponseValidator official = official();

        official.validate(bytes(mailboxMove));
        assertThatThrownBy(() -> own.validate(bytes(mailboxMove))).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("ErrorMailboxMoveInProgress");
    }

    @Test
    void theOfficialSchemaChecksResponsesButOnlyTheStructureOfFaults() {
        ResponseValidator official = official();
        String missingResponseClass = responseWith("<m:GetClientAccessTokenResponseMessage/>");
        String oddFault = envelope(null, "<s:Fault><whatever/></s:Fault>");

        official.validate(response);
        assertThatThrownBy(() -> official.validate(bytes(missingResponseClass)))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("ResponseClass");
        official.validate(bytes(oddFault));
        assertThatThrownBy(() -> own.validate(bytes(oddFault))).isInstanceOf(InvalidResponseException.class);
    }

    @Test
    void theOfficialSchemaIsCompiledOncePerDirectory() {
        ResponseValidator first = official();

        assertThat(ResponseValidator.officialSchema(OFFICIAL_DIR.resolve("x").resolve(".."))).containsSame(first);
    }

    @Test
    void aDirectoryWithoutTheSchemaMeansNoOfficialValidator(@TempDir Path dir) {
        assertThat(ResponseValidator.officialSchema(dir)).isEmpty();
        assertThat(ResponseValidator.officialSchema(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void compilingASchemaNeverLeavesItsDirectory(@TempDir Path dir) throws IOException {
        Path inside = Files.createDirectory(dir.resolve("schemas"));
        Files.writeString(dir.resolve("outside.xsd"), "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (String location : List.of("http://127.0.0.1:" + listener.getLocalPort() + "/types.xsd",
                    "../outside.xsd", dir.resolve("outside.xsd").toUri().toString())) {
                Files.writeString(inside.resolve("messages.xsd"), "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'"
                        + " targetNamespace='urn:m'><xs:import namespace='urn:t' schemaLocation='" + location + "'/>"
                        + "</xs:schema>");
                Path fresh = Files.createTempDirectory(dir, "copy");
                Files.copy(inside.resolve("messages.xsd"), fresh.resolve("messages.xsd"));

                assertThatThrownBy(() -> ResponseValidator.officialSchema(fresh)).as(location)
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("refusing to load");
            }
            listener.setSoTimeout(200);
            assertThatThrownBy(listener::accept).as("nobody connected").isInstanceOf(SocketTimeoutException.class);
        }
    }
}
