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
import javax.xml.namespace.QName;
import javax.xml.stream.events.Namespace;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import org.ewstoken.protocol.EwsNamespaces;
import org.ewstoken.protocol.HardenedXml;
import org.ewstoken.protocol.ParserLimits;

/**
 * What a callback-token (Bearer) request asks for, read in full with the hardened parser settings: its operation,
 * the SOAP header blocks the client sent, and the item and attachment ids it names. Such requests are small
 * (GetItem, GetAttachment); they are read whole because they are decided whole. The envelope must be plain: one
 * optional {@code Header}, then one {@code Body} holding one operation, nothing else; what is forwarded is
 * {@link #rebuilt rebuilt} from it, not the client's bytes.
 *
 * @param operation     the local name of the SOAP body's first child (in the messages namespace, else "")
 * @param headerBlocks  the names of the SOAP header's child elements, in order
 * @param itemIds       every {@code ItemId/@Id} in the body, and a marker for any other kind of item id
 * @param attachmentIds every {@code AttachmentId/@Id} in the body
 */
record CallbackRequest(String operation, List<QName> headerBlocks, List<String> itemIds, List<String> attachmentIds) {

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
        try {
            return XmlBytes.read(factory, body, CallbackRequest::read);
        } catch (XMLStreamException | RuntimeException e) {
            throw new Unreadable("the request is not well-formed XML or breaks a parser limit");
        }
    }

    private static CallbackRequest read(XMLStreamReader r) throws XMLStreamException, Unreadable {
        String operation = null;
        List<QName> blocks = new ArrayList<>();
        int envelopeChildren = 0;
        boolean sawBody = false;
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
                    envelopeChildren++;
                    // One optional Header first, then one Body, nothing else: no second reading of the envelope.
                    if (sawBody || !(inBody || (inHeader && envelopeChildren == 1))) {
                        throw new Unreadable("the Envelope holds other than one optional Header and one Body");
                    }
                    sawBody = inBody;
                } else if (depth == 3 && inHeader) {
                    blocks.add(new QName(ns, name));
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
        return new CallbackRequest(operation, List.copyOf(blocks), List.copyOf(items), List.copyOf(attachments));
    }

    private static String id(XMLStreamReader r) {
        String id = r.getAttributeValue(null, "Id");
        return id == null ? "" : id;
    }

    /**
     * The envelope to forward, rebuilt: the client's Envelope, Header and Body elements with their namespace
     * declarations only (no attributes), in the Header only the {@link CallbackSoapHeaders#forwarded forwarded} blocks
     * and an {@code ExchangeImpersonation} naming {@code smtp}, in the Body only the operation element. Comments,
     * processing instructions and everything else of the client's are left out.
     */
    static byte[] rebuilt(WstxInputFactory input, byte[] body, String smtp) throws Unreadable {
        XMLEventFactory events = XMLEventFactory.newFactory();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
        try {
            XMLEventReader reader = input.createXMLEventReader(new ByteArrayInputStream(body));
            XMLEventWriter writer = new WstxOutputFactory().createXMLEventWriter(out, "UTF-8");
            writer.add(events.createStartDocument("UTF-8", "1.0"));
            int depth = 0;
            int copyUntil = -1; // copying a kept subtree while depth >= copyUntil
            boolean headerWritten = false;
            boolean inBody = false;
            while (reader.hasNext()) {
                XMLEvent e = reader.nextEvent();
                if (e.isStartElement()) {
                    depth++;
                    StartElement start = e.asStartElement();
                    QName name = start.getName();
                    if (copyUntil > 0) {
                        writer.add(e);
                    } else if (depth <= 2) {
                        if (depth == 2 && name.getLocalPart().equals("Body") && !headerWritten) {
                            writer.add(events.createStartElement("soap", EwsNamespaces.SOAP, "Header", null,
                                    List.of(events.createNamespace("soap", EwsNamespaces.SOAP)).iterator()));
                            impersonation(writer, events, smtp);
                            writer.add(events.createEndElement("soap", EwsNamespaces.SOAP, "Header"));
                            headerWritten = true;
                        }
                        writer.add(events.createStartElement(name, null, start.getNamespaces()));
                        inBody = depth == 2 && name.getLocalPart().equals("Body");
                        if (depth == 2 && name.getLocalPart().equals("Header")) {
                            headerWritten = true;
                            impersonation(writer, events, smtp);
                        }
                    } else if (depth == 3 && (inBody || CallbackSoapHeaders.forwarded(name))) {
                        copyUntil = 3;
                        writer.add(e);
                    }
                    continue;
                }
                if (e.isEndElement()) {
                    if (copyUntil > 0 || depth <= 2) writer.add(e);
                    if (depth == copyUntil) copyUntil = -1;
                    depth--;
                    continue;
                }
                if (copyUntil > 0 && (e.isCharacters() || e.isEntityReference())) writer.add(e);
            }
            writer.add(events.createEndDocument());
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
