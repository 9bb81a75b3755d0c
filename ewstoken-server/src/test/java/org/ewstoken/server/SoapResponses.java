package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.ewstoken.protocol.schema.ResponseValidator;
import org.ewstoken.testkit.TestXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads SOAP responses in tests, after validating them against the project's own schema and, when
 * {@code ../shared/ews-schema} is present (as in CI), against the official EWS schema too.
 */
public final class SoapResponses {

    static final String M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    static final String T = "http://schemas.microsoft.com/exchange/services/2006/types";
    static final String E = "http://schemas.microsoft.com/exchange/services/2006/errors";
    static final String S = "http://schemas.xmlsoap.org/soap/envelope/";

    private static final ResponseValidator OWN = ResponseValidator.ownSchema();
    private static final Optional<ResponseValidator> OFFICIAL = ResponseValidator.officialSchema(
            Path.of(System.getProperty("ewstoken.officialSchemaDir", "../../shared/ews-schema")));

    public record Message(String responseClass, String responseCode, String messageText, String id, String tokenType,
                          String tokenValue, Long ttl) {}

    public record Fault(String faultcode, String faultstring, String responseCode, String message, Integer line,
                        Integer position, String violation) {}

    private SoapResponses() {
    }

    public static boolean officialSchemaAvailable() {
        return OFFICIAL.isPresent();
    }

    /** Validates against both schemas; fails the test if either refuses. */
    public static Document validated(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OWN.validate(bytes);
        OFFICIAL.ifPresent(v -> v.validate(bytes));
        return parse(bytes);
    }

    public static List<Message> messages(String body) {
        Document doc = validated(body);
        NodeList header = doc.getElementsByTagNameNS(T, "ServerVersionInfo");
        assertThat(header.getLength()).as("ServerVersionInfo header").isEqualTo(1);
        List<Message> out = new ArrayList<>();
        for (Element m : TestXml.elements(doc, M, "GetClientAccessTokenResponseMessage")) {
            String ttl = text(m, T, "TTL");
            out.add(new Message(m.getAttribute("ResponseClass"), text(m, M, "ResponseCode"), text(m, M, "MessageText"),
                    text(m, T, "Id"), text(m, T, "TokenType"), text(m, T, "TokenValue"),
                    ttl == null ? null : Long.valueOf(ttl)));
        }
        return out;
    }

    public static Fault fault(String body) {
        Document doc = validated(body);
        NodeList faults = doc.getElementsByTagNameNS(S, "Fault");
        assertThat(faults.getLength()).as("one soap:Fault").isEqualTo(1);
        Element f = (Element) faults.item(0);
        String line = text(f, T, "LineNumber");
        String pos = text(f, T, "LinePosition");
        return new Fault(text(f, null, "faultcode"), text(f, null, "faultstring"), text(f, E, "ResponseCode"),
                text(f, E, "Message"), line == null ? null : Integer.valueOf(line),
                pos == null ? null : Integer.valueOf(pos), text(f, T, "Violation"));
    }

    /**
     * An app-management response (GetAppManifests, InstallApp, UninstallApp, DisableApp, GetAppMarketplaceUrl):
     * one response message directly in the Body.
     *
     * @param manifests the decoded manifests, from {@code Manifests} or from {@code Apps}, in order
     * @param apps      the {@code t:App} elements (empty for the {@code Manifests} form)
     */
    public record AppResponse(String responseClass, String responseCode, String messageText, Element element,
                              List<byte[]> manifests, List<Element> apps) {
        /** The text of the first descendant {@code ns:local}, or null. */
        public String text(String ns, String local) {
            return SoapResponses.text(element, ns, local);
        }

        public boolean hasChild(String local) {
            return element.getElementsByTagNameNS(M, local).getLength() > 0;
        }
    }

    /** Reading the metadata of a {@code t:App}. */
    public static final class AppResponseText {
        private AppResponseText() {
        }

        /** The text of {@code t:<local>} inside {@code app}, or null. */
        public static String of(Element app, String local) {
            return text(app, T, local);
        }
    }

    /** Validates against both schemas, then reads {@code m:<operation>Response}, the Body's only element. */
    public static AppResponse app(String body, String operation) {
        Document doc = validated(body);
        assertThat(doc.getElementsByTagNameNS(T, "ServerVersionInfo").getLength()).as("ServerVersionInfo header")
                .isEqualTo(1);
        NodeList found = doc.getElementsByTagNameNS(M, operation + "Response");
        assertThat(found.getLength()).as(operation + "Response").isEqualTo(1);
        Element r = (Element) found.item(0);
        assertThat(r.getParentNode().getLocalName()).isEqualTo("Body");
        List<byte[]> manifests = new ArrayList<>();
        NodeList encoded = r.getElementsByTagNameNS("*", "Manifest");
        for (int i = 0; i < encoded.getLength(); i++) {
            manifests.add(Base64.getMimeDecoder().decode(encoded.item(i).getTextContent()));
        }
        List<Element> apps = new ArrayList<>();
        NodeList appNodes = r.getElementsByTagNameNS(T, "App");
        for (int i = 0; i < appNodes.getLength(); i++) {
            apps.add((Element) appNodes.item(i));
        }
        return new AppResponse(r.getAttribute("ResponseClass"), text(r, M, "ResponseCode"), text(r, M, "MessageText"),
                r, manifests, apps);
    }

    private static String text(Element parent, String ns, String local) {
        NodeList l = ns == null ? parent.getElementsByTagName(local) : parent.getElementsByTagNameNS(ns, local);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }

    private static Document parse(byte[] bytes) {
        try {
            return TestXml.parse(bytes);
        } catch (Exception e) {
            throw new AssertionError("response is not well-formed XML: " + e.getMessage(), e);
        }
    }
}
