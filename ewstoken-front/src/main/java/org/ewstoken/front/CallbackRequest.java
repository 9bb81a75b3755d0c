package org.ewstoken.front;

import static javax.xml.stream.XMLStreamConstants.DTD;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.events.Namespace;
import javax.xml.stream.events.XMLEvent;
import org.ewstoken.protocol.EwsNamespaces;
import org.ewstoken.protocol.HardenedXml;
import org.ewstoken.protocol.ParserLimits;

/**
 * What a callback-token (Bearer) request asks for, read in full with the hardened parser settings: its operation,
 * whether the client sent its own {@code ExchangeImpersonation}, and the item and attachment ids it names. Such
 * requests are small (GetItem, GetAttachment); they are read whole because they are decided whole.
 *
 * @param operation     the local name of the SOAP body's first child (in the messages namespace, else "")
 * @param impersonation whether the SOAP header holds an {@code ExchangeImpersonation} of the client's
 * @param itemIds       every {@code ItemId/@Id} in the body, and a marker for any other kind of item id
 * @param attachmentIds every {@code AttachmentId/@Id} in the body
 */
record CallbackRequest(String operation, boolean impersonation, List<String> itemIds, List<String> attachmentIds) {

    /** Stands for an item named other than by ItemId (an occurrence, a recurring master): never the scoped item. */
    static final String OTHER_KIND_OF_ITEM = "\0other";

    /** The body is not a SOAP envelope this gate can decide. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /** Parses with a factory from {@link HardenedXml}. */
    static CallbackRequest read(WstxInputFactory factory, byte[] body) throws Unreadable {
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            return read(r);
        } catch (XMLStreamException | RuntimeException e) {
            throw new Unreadable("the request is not well-formed XML or breaks a parser limit");
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
    }

    private static CallbackRequest read(XMLStreamReader r) throws XMLStreamException, Unreadable {
        String operation = null;
        boolean impersonation = false;
        List<String> items = new ArrayList<>();
        List<String> attachments = new ArrayList<>();
        int depth = 0;
        boolean inHeader = false;
        boolean inBody = false;
        boolean sawEnvelope = false;
        while (r.hasNext()) {
            int event = r.next();
            if (event == DTD) throw new Unreadable("a DOCTYPE is not allowed");
            if (event == START_ELEMENT) {
                depth++;
                String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                String name = r.getLocalName();
                if (depth == 1) {
                    if (!EwsNamespaces.SOAP.equals(ns) || !name.equals("Envelope")) {
                        throw new Unreadable("the root element is not a SOAP 1.1 Envelope");
                    }
                    sawEnvelope = true;
                } else if (depth == 2) {
                    inHeader = EwsNamespaces.SOAP.equals(ns) && name.equals("Header");
                    inBody = EwsNamespaces.SOAP.equals(ns) && name.equals("Body");
                } else if (depth == 3 && inHeader) {
                    if (name.equals("ExchangeImpersonation")) impersonation = true;
                } else if (depth == 3 && inBody) {
                    if (operation != null) throw new Unreadable("the Body holds more than one operation");
                    operation = EwsNamespaces.MESSAGES.equals(ns) ? name : "";
                } else if (inBody && EwsNamespaces.TYPES.equals(ns)) {
                    switch (name) {
                        case "ItemId" -> items.add(id(r));
                        case "OccurrenceItemId", "RecurringMasterItemId", "RecurringMasterItemIdRanges" ->
                                items.add(OTHER_KIND_OF_ITEM);
                        case "AttachmentId" -> attachments.add(id(r));
                        default -> { }
                    }
                }
            } else if (event == END_ELEMENT) {
                depth--;
                if (depth == 1) {
                    inHeader = false;
                    inBody = false;
                }
            } else if (event == END_DOCUMENT) {
                break;
            }
        }
        if (!sawEnvelope || operation == null) throw new Unreadable("the request names no operation");
        return new CallbackRequest(operation, impersonation, List.copyOf(items), List.copyOf(attachments));
    }

    private static String id(XMLStreamReader r) {
        String id = r.getAttributeValue(null, "Id");
        return id == null ? "" : id;
    }

    /**
     * The same envelope with an {@code ExchangeImpersonation} header naming {@code smtp} (a Header is added when
     * there is none): the standard way for a service account to act for a mailbox. Everything else is copied.
     */
    static byte[] withImpersonation(WstxInputFactory input, byte[] body, String smtp) throws Unreadable {
        XMLEventFactory events = XMLEventFactory.newFactory();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
        try {
            XMLEventReader reader = input.createXMLEventReader(new ByteArrayInputStream(body));
            XMLEventWriter writer = new WstxOutputFactory().createXMLEventWriter(out, "UTF-8");
            int depth = 0;
            boolean headerSeen = false;
            while (reader.hasNext()) {
                XMLEvent e = reader.nextEvent();
                if (e.isStartDocument()) {
                    writer.add(events.createStartDocument("UTF-8", "1.0"));
                    continue;
                }
                if (e.isStartElement()) {
                    depth++;
                    var name = e.asStartElement().getName();
                    boolean soap = EwsNamespaces.SOAP.equals(name.getNamespaceURI());
                    if (depth == 2 && soap && name.getLocalPart().equals("Body") && !headerSeen) {
                        writer.add(events.createStartElement("soap", EwsNamespaces.SOAP, "Header", null,
                                List.of(events.createNamespace("soap", EwsNamespaces.SOAP)).iterator()));
                        impersonation(writer, events, smtp);
                        writer.add(events.createEndElement("soap", EwsNamespaces.SOAP, "Header"));
                        headerSeen = true;
                    }
                    writer.add(e);
                    if (depth == 2 && soap && name.getLocalPart().equals("Header")) {
                        headerSeen = true;
                        impersonation(writer, events, smtp);
                    }
                    continue;
                }
                if (e.isEndElement()) depth--;
                writer.add(e);
            }
            writer.flush();
            writer.close();
            return out.toByteArray();
        } catch (XMLStreamException | RuntimeException e) {
            throw new Unreadable("the request could not be rewritten");
        }
    }

    private static void impersonation(XMLEventWriter w, XMLEventFactory f, String smtp) throws XMLStreamException {
        String t = EwsNamespaces.TYPES;
        Iterator<Namespace> ns = List.of(f.createNamespace("ewstoken", t)).iterator();
        w.add(f.createStartElement("ewstoken", t, "ExchangeImpersonation", null, ns));
        w.add(f.createStartElement("ewstoken", t, "ConnectingSID"));
        w.add(f.createStartElement("ewstoken", t, "PrimarySmtpAddress"));
        w.add(f.createCharacters(smtp));
        w.add(f.createEndElement("ewstoken", t, "PrimarySmtpAddress"));
        w.add(f.createEndElement("ewstoken", t, "ConnectingSID"));
        w.add(f.createEndElement("ewstoken", t, "ExchangeImpersonation"));
    }

    static WstxInputFactory factory(ParserLimits limits) {
        return HardenedXml.inputFactory(limits);
    }
}
