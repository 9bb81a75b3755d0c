package org.ewstoken.protocol;

import static javax.xml.stream.XMLStreamConstants.DTD;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import com.ctc.wstx.exc.WstxEOFException;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.util.Objects;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Tells which EWS operation a SOAP request asks for from the first bytes of its body: the first child
 * element of {@code soap:Body}, read with the same hardened parser settings as {@link SoapRequestReader},
 * and nothing after it. A front uses it to route a request before the rest of the body has arrived.
 *
 * <p>Thread-safe. Each call parses the prefix from its start, so callers bound the prefix (a SOAP
 * header is small; the operation element follows it).
 */
public final class OperationClassifier {

    /** What the prefix shows. */
    public sealed interface Result permits Operation, NotSoap, NeedMore {}

    /** The first child of {@code soap:Body}: e.g. {@code GetItem} in the messages namespace. */
    public record Operation(String namespace, String localName) implements Result {
        public Operation {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(localName, "localName");
        }

        /** An EWS operation in the messages namespace with this local name. */
        public boolean isEws(String name) {
            return EwsNamespaces.MESSAGES.equals(namespace) && localName.equals(name);
        }
    }

    /** Not a SOAP 1.1 envelope with an operation (or not well-formed, or breaking a limit): why, briefly. */
    public record NotSoap(String why) implements Result {}

    /** The prefix ends before the operation element: read more of the body and ask again. */
    public record NeedMore() implements Result {}

    private static final NeedMore NEED_MORE = new NeedMore();

    private final WstxInputFactory factory;

    public OperationClassifier(ParserLimits limits) {
        this.factory = HardenedXml.inputFactory(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * @param prefix   the first bytes of the body
     * @param length   how many of them
     * @param complete whether that is the whole body
     */
    public Result classify(byte[] prefix, int length, boolean complete) {
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(prefix, 0, length));
            return classify(r);
        } catch (WstxEOFException e) {
            return complete ? new NotSoap("the body ends before its operation element") : NEED_MORE;
        } catch (WstxLazyException e) {
            return e.getCause() instanceof WstxEOFException && !complete ? NEED_MORE
                    : new NotSoap("not well-formed XML");
        } catch (XMLStreamException e) {
            return new NotSoap("not well-formed XML or over a parser limit");
        } finally {
            HardenedXml.closeQuietly(r);
        }
    }

    private static Result classify(XMLStreamReader r) throws XMLStreamException {
        int event = r.getEventType();
        while (event != START_ELEMENT) {
            if (event == DTD) return new NotSoap("a DOCTYPE");
            if (event == END_DOCUMENT) return new NotSoap("no root element");
            event = r.next();
        }
        if (!isSoap(r, "Envelope")) return new NotSoap("the root element is not a SOAP 1.1 Envelope");
        while (true) {
            event = nextTag(r);
            if (event != START_ELEMENT) return new NotSoap("the Envelope has no Body");
            if (isSoap(r, "Header")) {
                skipElement(r);
            } else if (isSoap(r, "Body")) {
                event = nextTag(r);
                if (event != START_ELEMENT) return new NotSoap("the Body is empty");
                return new Operation(r.getNamespaceURI() == null ? "" : r.getNamespaceURI(), r.getLocalName());
            } else {
                return new NotSoap("the Envelope holds something other than Header and Body");
            }
        }
    }

    private static boolean isSoap(XMLStreamReader r, String name) {
        return EwsNamespaces.SOAP.equals(r.getNamespaceURI()) && name.equals(r.getLocalName());
    }

    /** The next start or end tag, skipping text, comments and processing instructions. */
    private static int nextTag(XMLStreamReader r) throws XMLStreamException {
        int event;
        do {
            event = r.next();
        } while (event != START_ELEMENT && event != END_ELEMENT && event != END_DOCUMENT);
        return event;
    }

    private static void skipElement(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == START_ELEMENT) depth++;
            else if (event == END_ELEMENT) depth--;
            else if (event == END_DOCUMENT) throw new XMLStreamException("unexpected end");
        }
    }
}
