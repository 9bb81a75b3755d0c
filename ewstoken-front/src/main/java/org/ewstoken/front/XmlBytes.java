package org.ewstoken.front;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A document held in bytes (a request's prefix, an upstream's answer), read with a hardened factory
 * ({@link org.ewstoken.protocol.HardenedXml}); the reader is closed whatever the reading comes to. Each caller says
 * what a document that is not XML, or breaks a parser limit, means to it.
 */
final class XmlBytes {

    /** What is read from the document; {@code E} is the reading's own refusal, passed on as it is. */
    @FunctionalInterface
    interface Reading<T, E extends Exception> {
        T from(XMLStreamReader r) throws XMLStreamException, E;
    }

    private XmlBytes() {
    }

    static <T, E extends Exception> T read(WstxInputFactory factory, byte[] bytes, Reading<T, E> reading)
            throws XMLStreamException, E {
        XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
        try {
            return reading.from(r);
        } finally {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // nothing held
            }
        }
    }
}
