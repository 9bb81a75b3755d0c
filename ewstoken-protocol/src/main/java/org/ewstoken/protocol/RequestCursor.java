package org.ewstoken.protocol;

import static javax.xml.stream.XMLStreamConstants.CDATA;
import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.COMMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.ENTITY_REFERENCE;
import static javax.xml.stream.XMLStreamConstants.PROCESSING_INSTRUCTION;
import static javax.xml.stream.XMLStreamConstants.SPACE;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * A thin layer over one request's {@link XMLStreamReader} that enforces the two content models the
 * protocol uses (element-only and text-only) and reports violations with .NET's positions and wording.
 * One per request; not thread-safe.
 */
final class RequestCursor {
    private final XMLStreamReader2 reader;
    private final ParserLimits limits;
    /** Where the last start tag handed out began; tells an empty element's END_ELEMENT from a real end tag. */
    private long lastStartOffset = -1;

    RequestCursor(XMLStreamReader2 reader, ParserLimits limits) {
        this.reader = reader;
        this.limits = limits;
    }

    ParserLimits limits() {
        return limits;
    }

    XMLStreamReader2 reader() {
        return reader;
    }

    /** Records the current START_ELEMENT (no allocation: the reader is its own LocationInfo). */
    void markStart() {
        lastStartOffset = reader.getLocationInfo().getStartingCharOffset();
    }

    /** Namespace URI of the current element, "" for none. */
    String namespace() {
        String ns = reader.getNamespaceURI();
        return ns == null ? "" : ns;
    }

    String localName() {
        return reader.getLocalName();
    }

    boolean isElement(String ns, String local) {
        return local.equals(reader.getLocalName()) && ns.equals(namespace());
    }

    /**
     * Advances through element-only content to the next child's START_ELEMENT or the parent's END_ELEMENT.
     * Whitespace, comments and processing instructions are skipped, as the schema allows.
     *
     * @param expected what the parent could accept next, for the violation text, or null for nothing
     */
    int nextChild(String parentNs, String parentLocal, String expected) throws XMLStreamException, EwsFaultException {
        while (true) {
            int event = reader.next();
            switch (event) {
                case START_ELEMENT:
                    markStart();
                    return event;
                case END_ELEMENT:
                    return event;
                case CHARACTERS, CDATA, SPACE:
                    if (!reader.isWhiteSpace()) {
                        throw fault(Violations.cannotContainText(parentNs, parentLocal, expected));
                    }
                    break;
                default:
                    skipMarkup(event);
            }
        }
    }

    /**
     * Reads the text of a text-only element; on return the cursor is on its END_ELEMENT. Comments and
     * processing instructions inside are dropped, as in the XML infoset. The text is not trimmed.
     */
    String readText() throws XMLStreamException, EwsFaultException {
        String ns = namespace();
        String local = reader.getLocalName();
        checkNoAttributes();
        String single = null;
        StringBuilder many = null;
        while (true) {
            int event = reader.next();
            switch (event) {
                case END_ELEMENT:
                    return many != null ? many.toString() : single != null ? single : "";
                case CHARACTERS, CDATA, SPACE:
                    // The parser bounds each run; a value split into runs (by CDATA or comments) is bounded here.
                    if (single == null) {
                        single = reader.getText();
                    } else {
                        if (many == null) {
                            many = new StringBuilder(single);
                        }
                        many.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                        if (many.length() > limits.maxTextLength()) {
                            throw new EwsFaultException(SoapFault.invalidRequest(Limits.textLength(limits)));
                        }
                    }
                    break;
                case START_ELEMENT:
                    throw fault(Violations.textOnly(ns, local, namespace(), reader.getLocalName()));
                default:
                    skipMarkup(event);
            }
        }
    }

    /**
     * The events element-only and text-only content treat alike: comments and processing instructions are
     * dropped (as in the XML infoset), an entity reference is refused.
     */
    private void skipMarkup(int event) throws EwsFaultException {
        switch (event) {
            case ENTITY_REFERENCE -> throw fault(Violations.undeclaredEntity(reader.getLocalName()));
            case COMMENT, PROCESSING_INSTRUCTION -> { }
            // Inside an element the parser yields nothing else; it reports EOF itself.
            default -> throw new IllegalStateException("unexpected StAX event " + event);
        }
    }

    /** Skips the current element and everything inside it (the parser still enforces every limit). */
    void skipElement() throws XMLStreamException, EwsFaultException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == START_ELEMENT) {
                depth++;
            } else if (event == END_ELEMENT) {
                depth--;
            } else if (event == ENTITY_REFERENCE) {
                throw fault(Violations.undeclaredEntity(reader.getLocalName()));
            }
        }
    }

    /**
     * The protocol's request elements declare no attributes. {@code xsi:type} and friends are tolerated
     * (some SOAP stacks add them everywhere); {@code xsi:nil} is not, as no element is nillable.
     */
    void checkNoAttributes() throws EwsFaultException {
        for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
            checkUndeclaredAttribute(i);
        }
    }

    /** Faults unless attribute {@code i} is an ignorable xsi attribute. */
    void checkUndeclaredAttribute(int i) throws EwsFaultException {
        String ns = reader.getAttributeNamespace(i);
        ns = ns == null ? "" : ns;
        String local = reader.getAttributeLocalName(i);
        if (ns.equals(EwsNamespaces.XSI)) {
            if (local.equals("nil")) {
                throw fault(Violations.nilNotAllowed());
            }
            return;
        }
        throw fault(Violations.undeclaredAttribute(ns, local));
    }

    /** A schema-validation fault at the current event. */
    EwsFaultException fault(String violation) {
        return fault(position(), violation);
    }

    static EwsFaultException fault(int[] position, String violation) {
        return new EwsFaultException(SoapFault.schemaValidation(position[0], position[1], violation));
    }

    /**
     * Line and position of the current event as .NET reports them: for a tag, the first character of its
     * name (StAX points at the '<' or '</'), otherwise where the event starts.
     */
    int[] position() {
        Location location = reader.getLocation();
        int column = location.getColumnNumber();
        int event = reader.getEventType();
        if (event == START_ELEMENT) {
            column += 1;
        } else if (event == END_ELEMENT) {
            boolean emptyElement = reader.getLocationInfo().getStartingCharOffset() == lastStartOffset;
            column += emptyElement ? 1 : 2;
        }
        return new int[] {location.getLineNumber(), column};
    }
}
