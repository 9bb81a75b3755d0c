package org.ewstoken.manifest;

import static javax.xml.stream.XMLStreamConstants.CDATA;
import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.DTD;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.ENTITY_REFERENCE;
import static javax.xml.stream.XMLStreamConstants.SPACE;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.ewstoken.manifest.ManifestException.Problem;
import org.ewstoken.protocol.HardenedXml;
import org.ewstoken.protocol.ParserLimits;

/**
 * Parses untrusted XML into {@link XmlNode}s with the SOAP reader's hardening ({@link HardenedXml}): no
 * DTD (a DOCTYPE is refused before anything could expand), no external or undeclared entities, and bounded
 * depth, element count, text and attribute sizes. Thread-safe: the factory is configured once.
 */
final class XmlTreeParser {
    /**
     * Manifests nest deeper and carry more attributes than SOAP requests; the last bound (token requests)
     * means nothing here.
     */
    static final ParserLimits LIMITS = new ParserLimits(64, 20_000, 64 * 1024, 8 * 1024, 64, 1);

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private final WstxInputFactory factory = HardenedXml.inputFactory(LIMITS);

    /** The document element, with everything below it. */
    XmlNode parse(byte[] xml) throws ManifestException {
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            return read(r);
        } catch (XMLStreamException e) {
            throw notWellFormed(e, r);
        } catch (WstxLazyException e) {
            throw notWellFormed((XMLStreamException) e.getCause(), r);
        } finally {
            HardenedXml.closeQuietly(r);
        }
    }

    private static XmlNode read(XMLStreamReader r) throws XMLStreamException, ManifestException {
        Deque<Builder> open = new ArrayDeque<>();
        XmlNode root = null;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case DTD -> throw new ManifestException(Problem.DTD_NOT_ALLOWED, where(r.getLocation()),
                        "A DOCTYPE is not allowed in a manifest");
                case ENTITY_REFERENCE -> throw new ManifestException(Problem.DTD_NOT_ALLOWED, where(r.getLocation()),
                        "The entity reference '&" + r.getLocalName() + ";' is not allowed in a manifest");
                case START_ELEMENT -> open.push(new Builder(r));
                case CHARACTERS, CDATA, SPACE -> {
                    if (!open.isEmpty()) {
                        open.peek().text(r);
                    }
                }
                case END_ELEMENT -> {
                    XmlNode done = open.pop().build();
                    if (open.isEmpty()) {
                        root = done;
                    } else {
                        open.peek().children.add(done);
                    }
                }
                case END_DOCUMENT -> {
                    return root;
                }
                default -> {
                    // comments, processing instructions: not part of what a manifest says
                }
            }
        }
        return root;
    }

    private static ManifestException notWellFormed(XMLStreamException e, XMLStreamReader r) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int suffix = message.indexOf("\n at [");
        message = (suffix >= 0 ? message.substring(0, suffix) : message).strip();
        Location location = e.getLocation() != null ? e.getLocation() : r != null ? r.getLocation() : null;
        String where = location == null || location.getLineNumber() < 1 ? null : where(location);
        if (isLimit(message)) {
            return new ManifestException(Problem.LIMIT_EXCEEDED, where, "The XML exceeds a parser limit: " + message);
        }
        if (message.contains("DOCTYPE") || message.contains("DTD")) {
            return new ManifestException(Problem.DTD_NOT_ALLOWED, where, "A DOCTYPE is not allowed in a manifest");
        }
        if (message.isEmpty() || message.startsWith("Unexpected EOF in prolog")) {
            message = "there is no root element";
        }
        return new ManifestException(Problem.NOT_WELL_FORMED, where, "The manifest is not well-formed XML: " + message);
    }

    /** Woodstox's limit messages are the only signal that a limit, not the syntax, was the problem. */
    private static boolean isLimit(String message) {
        return message.startsWith("Maximum Element Depth limit") || message.startsWith("Maximum Element Count limit")
                || message.startsWith("Text size limit") || message.startsWith("Maximum attribute size limit")
                || message.startsWith("Attribute limit") || message.startsWith("Maximum entity expansion")
                || message.startsWith("Maximum document characters");
    }

    static String where(Location l) {
        return "line " + l.getLineNumber() + ", column " + l.getColumnNumber();
    }

    /** An element being read. */
    private static final class Builder {
        final String namespace;
        final String local;
        final Map<String, String> attributes = new HashMap<>();
        final String xsiTypeNs;
        final String xsiType;
        final int line;
        final int column;
        final List<XmlNode> children = new ArrayList<>();
        StringBuilder text;

        Builder(XMLStreamReader r) throws ManifestException {
            namespace = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
            local = r.getLocalName();
            line = r.getLocation().getLineNumber();
            column = r.getLocation().getColumnNumber();
            String typeNs = null;
            String type = null;
            for (int i = 0; i < r.getAttributeCount(); i++) {
                String ns = r.getAttributeNamespace(i);
                if (ns == null || ns.isEmpty()) {
                    attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                } else if (XSI.equals(ns) && "type".equals(r.getAttributeLocalName(i))) {
                    // xsi:type is a QName: its prefix resolves in this element's scope.
                    String value = r.getAttributeValue(i).strip();
                    int colon = value.indexOf(':');
                    String prefix = colon < 0 ? "" : value.substring(0, colon);
                    typeNs = r.getNamespaceContext().getNamespaceURI(prefix);
                    if (typeNs == null || (colon >= 0 && typeNs.isEmpty())) {
                        throw new ManifestException(Problem.INVALID_VALUE, where(r.getLocation()),
                                "xsi:type '" + value + "' uses an undeclared namespace prefix");
                    }
                    type = value.substring(colon + 1);
                }
            }
            xsiTypeNs = typeNs;
            xsiType = type;
        }

        void text(XMLStreamReader r) {
            if (text == null) {
                text = new StringBuilder();
            }
            text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
        }

        XmlNode build() {
            return new XmlNode(namespace, local, attributes, xsiTypeNs, xsiType, text == null ? "" : text.toString(),
                    children, line, column);
        }
    }
}
