package org.ewstoken.protocol.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.testkit.TestXml.elements;
import static org.ewstoken.testkit.TestXml.parse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ewstoken.protocol.EwsNamespaces;
import org.ewstoken.protocol.ExchangeVersion;
import org.ewstoken.protocol.TokenType;
import org.ewstoken.testkit.RequiredService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ProtocolSchemasTest {
    private static final String XS = "http://www.w3.org/2001/XMLSchema";
    private static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";
    private static final String WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/";
    private static final List<String> OPERATIONS = List.of("GetClientAccessToken", "GetAppManifests", "InstallApp",
            "UninstallApp", "DisableApp", "GetAppMarketplaceUrl");
    private static final Path OFFICIAL_DIR =
            Path.of(System.getProperty("ewstoken.officialSchemaDir", "../../shared/ews-schema"));

    /** The values of a named xs:simpleType's enumeration, in document order. */
    static List<String> enumeration(Document schema, String typeName) {
        for (Element type : elements(schema, XS, "simpleType")) {
            if (typeName.equals(type.getAttribute("name"))) {
                return elements(schema, XS, "enumeration").stream()
                        .filter(e -> e.getParentNode().getParentNode() == type)
                        .map(e -> e.getAttribute("value")).toList();
            }
        }
        throw new AssertionError("no simpleType " + typeName);
    }

    /** Names of the top-level element declarations. */
    private static Set<String> globalElements(Document schema) {
        Set<String> names = new HashSet<>();
        for (Element e : elements(schema, XS, "element")) {
            if (e.getParentNode() == schema.getDocumentElement()) {
                names.add(e.getAttribute("name"));
            }
        }
        return names;
    }

    @Test
    void everySchemaResourceIsASchemaForItsNamespace() throws Exception {
        assertThat(ProtocolSchemas.resourceNames())
                .containsExactlyInAnyOrder("messages.xsd", "types.xsd", "errors.xsd", "soap-envelope.xsd", "xml.xsd");
        String[][] expected = {
            {"messages.xsd", EwsNamespaces.MESSAGES}, {"types.xsd", EwsNamespaces.TYPES},
            {"errors.xsd", EwsNamespaces.ERRORS}, {"soap-envelope.xsd", EwsNamespaces.SOAP},
            {"xml.xsd", "http://www.w3.org/XML/1998/namespace"},
        };
        for (String[] e : expected) {
            Element root = parse(ProtocolSchemas.resource(e[0])).getDocumentElement();
            assertThat(root.getLocalName()).isEqualTo("schema");
            assertThat(root.getNamespaceURI()).isEqualTo(XS);
            assertThat(root.getAttribute("targetNamespace")).as(e[0]).isEqualTo(e[1]);
        }
    }

    @Test
    void theEwsSchemasQualifyTheirElementsAndLinkByRelativeLocation() throws Exception {
        for (String name : List.of("messages.xsd", "types.xsd", "errors.xsd")) {
            Document doc = parse(ProtocolSchemas.resource(name));
            assertThat(doc.getDocumentElement().getAttribute("elementFormDefault")).as(name).isEqualTo("qualified");
            for (Element imp : elements(doc, XS, "import")) {
                assertThat(ProtocolSchemas.isResource(imp.getAttribute("schemaLocation"))).as(name + " imports").isTrue();
            }
        }
    }

    @Test
    void resourcesAreFoundCaseInsensitivelyAsIisWould() {
        assertThat(ProtocolSchemas.resource("Messages.XSD")).isEqualTo(ProtocolSchemas.resource("messages.xsd"));
        assertThat(ProtocolSchemas.isResource("TYPES.xsd")).isTrue();
    }

    @Test
    void callersGetTheirOwnCopy() {
        byte[] first = ProtocolSchemas.resource("types.xsd");
        Arrays.fill(first, (byte) 0);

        assertThat(ProtocolSchemas.resource("types.xsd")[0]).isEqualTo((byte) '<');
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Services.wsdl", "../pom.xml", "/etc/passwd", "messages.xsd/../types.xsd",
        "org/ewstoken/protocol/schema/messages.xsd", "messages.xsd\u0000", "..\\messages.xsd", "messages"})
    void anythingElseIsRefused(String name) {
        assertThat(ProtocolSchemas.isResource(name)).isFalse();
        assertThatThrownBy(() -> ProtocolSchemas.resource(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWsdlCarriesTheGivenEndpointEscaped() throws Exception {
        String url = "https://mail.contoso.com:8443/EWS/Exchange.asmx?a=1&b=2";

        byte[] wsdl = ProtocolSchemas.wsdl(url);

        assertThat(new String(wsdl, StandardCharsets.UTF_8)).doesNotContain(ProtocolSchemas.PLACEHOLDER_ENDPOINT)
                .contains("location=\"https://mail.contoso.com:8443/EWS/Exchange.asmx?a=1&amp;b=2\"");
        Document doc = parse(wsdl);
        assertThat(elements(doc, WSDL_SOAP, "address").get(0).getAttribute("location")).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://host/EWS/Exchange.asmx", "/EWS/Exchange.asmx", "https://",
        "javascript:alert(1)", "https://host/\"onload=x"})
    void theWsdlEndpointMustBeAnAbsoluteHttpUrl(String url) {
        assertThatThrownBy(() -> ProtocolSchemas.wsdl(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWsdlDescribesEveryOperationAsSoap11DocumentLiteral() throws Exception {
        Document doc = parse(ProtocolSchemas.wsdl("https://localhost/EWS/Exchange.asmx"));

        assertThat(elements(doc, XS, "import")).singleElement().satisfies(imp -> {
            assertThat(imp.getAttribute("namespace")).isEqualTo(EwsNamespaces.MESSAGES);
            assertThat(imp.getAttribute("schemaLocation")).as("relative, served side by side").isEqualTo("messages.xsd");
        });
        assertThat(elements(doc, WSDL_SOAP, "binding").get(0).getAttribute("style")).isEqualTo("document");
        assertThat(elements(doc, WSDL_SOAP, "binding").get(0).getAttribute("transport"))
                .isEqualTo("http://schemas.xmlsoap.org/soap/http");
        assertThat(elements(doc, WSDL_SOAP, "operation")).extracting(op -> op.getAttribute("soapAction"))
                .containsExactly(OPERATIONS.stream().map(o -> EwsNamespaces.MESSAGES + "/" + o).toArray(String[]::new));
        assertThat(elements(doc, WSDL_SOAP, "header")).extracting(h -> h.getAttribute("part"))
                .containsOnly("RequestVersion", "ServerVersion").hasSize(2 * OPERATIONS.size());
        assertThat(elements(doc, WSDL_SOAP, "body")).allSatisfy(b -> assertThat(b.getAttribute("use")).isEqualTo("literal"));
    }

    @Test
    void everyWsdlPartNamesAnElementTheSchemasDeclare() throws Exception {
        Document wsdl = parse(ProtocolSchemas.wsdl("https://localhost/EWS/Exchange.asmx"));
        Set<String> messages = globalElements(parse(ProtocolSchemas.resource("messages.xsd")));
        Set<String> types = globalElements(parse(ProtocolSchemas.resource("types.xsd")));

        List<Element> parts = elements(wsdl, WSDL, "part");
        assertThat(parts).hasSize(4 * OPERATIONS.size());
        for (Element part : parts) {
            String[] qname = part.getAttribute("element").split(":");
            String ns = part.lookupNamespaceURI(qname[0]);
            assertThat(ns.equals(EwsNamespaces.MESSAGES) ? messages : types).as(part.getAttribute("element"))
                    .contains(qname[1]);
        }
    }

    @Test
    void theJavaEnumsFollowTheSchemaEnumerationsInOrder() throws Exception {
        Document types = parse(ProtocolSchemas.resource("types.xsd"));

        assertThat(enumeration(types, "ExchangeVersionType"))
                .containsExactly(Arrays.stream(ExchangeVersion.values()).map(ExchangeVersion::wireName).toArray(String[]::new));
        assertThat(enumeration(types, "ClientAccessTokenTypeType"))
                .containsExactly(Arrays.stream(TokenType.values()).map(TokenType::wireName).toArray(String[]::new));
    }

    @Test
    void theOwnEnumerationsAreTheOfficialOnesOrSubsetsOfThem() throws Exception {
        RequiredService.assume("The official EWS schema", Files.isRegularFile(OFFICIAL_DIR.resolve("messages.xsd")) ? null
                : OFFICIAL_DIR + " is missing (CI checks the project out beside ../shared)");
        Document ownTypes = parse(ProtocolSchemas.resource("types.xsd"));
        Document ownMessages = parse(ProtocolSchemas.resource("messages.xsd"));
        Document officialTypes = parse(Files.readAllBytes(OFFICIAL_DIR.resolve("types.xsd")));
        Document officialMessages = parse(Files.readAllBytes(OFFICIAL_DIR.resolve("messages.xsd")));

        for (String type : List.of("ExchangeVersionType", "ClientAccessTokenTypeType", "ResponseClassType")) {
            assertThat(enumeration(ownTypes, type)).as(type).isEqualTo(enumeration(officialTypes, type));
        }
        assertThat(enumeration(officialMessages, "ResponseCodeType"))
                .containsAll(enumeration(ownMessages, "ResponseCodeType"));
    }
}
