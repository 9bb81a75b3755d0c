package org.ewstoken.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads what a test got back as a namespace-aware DOM, hardened as the code under test is (no DTDs), so that a test
 * inspects a document the same way wherever it runs.
 */
public final class TestXml {

    private TestXml() {}

    /** The document {@code xml} holds; a DOCTYPE is refused rather than read. */
    public static Document parse(byte[] xml) throws IOException, SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", e);
        }
    }

    /** The elements named {@code local} in {@code namespace} below {@code doc}, in document order. */
    public static List<Element> elements(Document doc, String namespace, String local) {
        NodeList nodes = doc.getElementsByTagNameNS(namespace, local);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }
}
