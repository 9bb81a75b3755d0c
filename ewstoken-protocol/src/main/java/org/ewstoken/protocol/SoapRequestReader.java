package org.ewstoken.protocol;

import static javax.xml.stream.XMLStreamConstants.DTD;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;
import static org.ewstoken.protocol.EwsNamespaces.MESSAGES;
import static org.ewstoken.protocol.EwsNamespaces.SOAP;
import static org.ewstoken.protocol.EwsNamespaces.TYPES;

import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * Reads an EWS SOAP request from untrusted bytes: a streaming, hardened Woodstox parse that checks the
 * structure the schema prescribes and answers every deviation with the fault Exchange would send.
 *
 * <p>Thread-safe and reusable: the factory is configured once and Woodstox factories are safe to share.
 */
public final class SoapRequestReader {
    private static final String ENVELOPE = "Envelope";
    private static final String HEADER = "Header";
    private static final String BODY = "Body";
    private static final String REQUEST_SERVER_VERSION = "RequestServerVersion";
    private static final String VERSION = "Version";

    /** The operations this reader understands, by local name in the messages namespace. */
    private static final Map<String, OperationReader> OPERATIONS = operations(new GetClientAccessTokenReader(),
            AppOperationReaders.GET_APP_MANIFESTS, AppOperationReaders.INSTALL_APP, AppOperationReaders.UNINSTALL_APP,
            AppOperationReaders.DISABLE_APP, AppOperationReaders.GET_APP_MARKETPLACE_URL);

    private static final String EXPECT_HEADER_OR_BODY = Violations.expected(SOAP, HEADER, BODY);
    private static final String EXPECT_BODY = Violations.expected(SOAP, BODY);
    private static final String EXPECT_OPERATION =
            Violations.expected(MESSAGES, OPERATIONS.keySet().stream().sorted().toArray(String[]::new));

    private static final int MAX_PARSER_MESSAGE = 1024;

    private final ParserLimits limits;
    private final WstxInputFactory factory;

    public SoapRequestReader(ParserLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.factory = HardenedXml.inputFactory(limits);
    }

    public ParserLimits limits() {
        return limits;
    }

    /**
     * Parses one request body. The stream is read but not closed.
     *
     * @throws EwsFaultException    the request must be answered with {@link EwsFaultException#fault()}
     * @throws UncheckedIOException reading the stream itself failed (e.g. the client went away)
     */
    public EwsRequest read(InputStream body) throws EwsFaultException {
        Objects.requireNonNull(body, "body");
        XMLStreamReader2 reader = null;
        try {
            reader = (XMLStreamReader2) factory.createXMLStreamReader(body);
            return read(new RequestCursor(reader, limits));
        } catch (XMLStreamException e) {
            throw new EwsFaultException(toFault(e, reader));
        } catch (WstxLazyException e) {
            throw new EwsFaultException(toFault((XMLStreamException) e.getCause(), reader));
        } finally {
            HardenedXml.closeQuietly(reader);
        }
    }

    private EwsRequest read(RequestCursor c) throws XMLStreamException, EwsFaultException {
        XMLStreamReader2 r = c.reader();
        int event = r.getEventType();
        // Prolog: a DOCTYPE is refused before the parser is asked for anything that could expand it.
        while (event != START_ELEMENT) {
            if (event == DTD) {
                throw c.fault(Violations.DTD_PROHIBITED);
            }
            event = r.next();
        }
        c.markStart();
        if (!c.isElement(SOAP, ENVELOPE)) {
            throw c.fault(Violations.rootNotEnvelope(c.namespace(), c.localName()));
        }

        ExchangeVersion version = null;
        OperationReader operationReader = null;
        EwsOperation operation = null;
        // Envelope: Header? Body. What may come next doubles as the state: Header or Body, Body, nothing.
        String expected = EXPECT_HEADER_OR_BODY;
        while (c.nextChild(SOAP, ENVELOPE, expected) != END_ELEMENT) {
            if (expected == EXPECT_HEADER_OR_BODY && c.isElement(SOAP, HEADER)) {
                version = readHeader(c);
                expected = EXPECT_BODY;
            } else if (expected != null && c.isElement(SOAP, BODY)) {
                operationReader = readOperationStart(c);
                operation = operationReader.read(c);
                if (c.nextChild(SOAP, BODY, null) != END_ELEMENT) {
                    throw c.fault(Violations.invalidChild(SOAP, BODY, c.namespace(), c.localName(), null));
                }
                expected = null;
            } else {
                throw c.fault(Violations.invalidChild(SOAP, ENVELOPE, c.namespace(), c.localName(), expected));
            }
        }
        if (operation == null) {
            throw c.fault(Violations.incompleteContent(SOAP, ENVELOPE, expected));
        }
        // Epilog: only comments, PIs and whitespace may follow; the parser faults on anything else.
        while (r.next() != END_DOCUMENT) {
            // nothing to do: the parser has already refused anything that may not appear here
        }

        // Schema first, then semantics, as Exchange validates the whole message before acting on it.
        if (version != null && !version.atLeast(operationReader.minimumVersion())) {
            throw new EwsFaultException(SoapFault.invalidServerVersion(operation.name() + " requires "
                    + operationReader.minimumVersion().wireName() + " or later; the request specified "
                    + version.wireName() + "."));
        }
        return new EwsRequest(version != null ? version : ExchangeVersion.LATEST, version != null, operation);
    }

    /** Finds RequestServerVersion among the header blocks and skips the others (impersonation, culture...). */
    /**
     * Header blocks: RequestServerVersion is read; EWS's harmless context headers are skipped; the
     * impersonation headers are refused as Exchange refuses a caller without impersonation rights
     * (they must never be silently ignored: the caller would act as itself believing it acts as another);
     * any other block marked {@code mustUnderstand} gets SOAP's MustUnderstand fault.
     */
    private static ExchangeVersion readHeader(RequestCursor c) throws XMLStreamException, EwsFaultException {
        ExchangeVersion version = null;
        while (c.nextChild(SOAP, HEADER, null) != END_ELEMENT) {
            if (c.isElement(TYPES, "ExchangeImpersonation") || c.isElement(TYPES, "SerializedSecurityContext")) {
                throw new EwsFaultException(SoapFault.impersonationDenied());
            }
            if (mustUnderstand(c.reader()) && !understood(c)) {
                throw new EwsFaultException(SoapFault.mustUnderstand(c.localName(), c.namespace()));
            }
            if (c.isElement(TYPES, REQUEST_SERVER_VERSION)) {
                if (version != null) {
                    throw new EwsFaultException(SoapFault.invalidRequest(
                            "The request contains more than one RequestServerVersion header."));
                }
                version = readRequestServerVersion(c);
            } else {
                c.skipElement();
            }
        }
        return version;
    }

    private static ExchangeVersion readRequestServerVersion(RequestCursor c)
            throws XMLStreamException, EwsFaultException {
        XMLStreamReader2 r = c.reader();
        String value = null;
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String ns = r.getAttributeNamespace(i);
            if ((ns == null || ns.isEmpty()) && VERSION.equals(r.getAttributeLocalName(i))) {
                value = r.getAttributeValue(i);
            } else if (!SOAP.equals(ns)) { // the schema admits soap:mustUnderstand and the like
                c.checkUndeclaredAttribute(i);
            }
        }
        if (value == null) {
            throw c.fault(Violations.missingAttribute(VERSION));
        }
        String wire = value;
        ExchangeVersion version = ExchangeVersion.fromWire(wire).orElseThrow(() -> c.fault(
                Violations.invalidAttributeValue(VERSION, wire, TYPES, "ExchangeVersionType")));
        if (c.nextChild(TYPES, REQUEST_SERVER_VERSION, null) != END_ELEMENT) {
            throw c.fault(Violations.invalidChild(TYPES, REQUEST_SERVER_VERSION, c.namespace(), c.localName(), null));
        }
        return version;
    }

    /** Moves onto the Body's single operation element and picks its reader. */
    /** SOAP 1.1 says "1"; .NET also takes "true". */
    private static boolean mustUnderstand(XMLStreamReader2 r) {
        String value = r.getAttributeValue(SOAP, "mustUnderstand");
        return value != null && (value.strip().equals("1") || value.strip().equalsIgnoreCase("true"));
    }

    /** Headers this server processes, or that only shape answers it does not give (culture, time zone). */
    private static boolean understood(RequestCursor c) {
        return c.isElement(TYPES, REQUEST_SERVER_VERSION) || c.isElement(TYPES, "MailboxCulture")
                || c.isElement(TYPES, "TimeZoneContext") || c.isElement(TYPES, "DateTimePrecision");
    }

    private static OperationReader readOperationStart(RequestCursor c) throws XMLStreamException, EwsFaultException {
        if (c.nextChild(SOAP, BODY, EXPECT_OPERATION) == END_ELEMENT) {
            throw c.fault(Violations.incompleteContent(SOAP, BODY, EXPECT_OPERATION));
        }
        OperationReader reader = MESSAGES.equals(c.namespace()) ? OPERATIONS.get(c.localName()) : null;
        if (reader == null) {
            throw c.fault(Violations.invalidChild(SOAP, BODY, c.namespace(), c.localName(), EXPECT_OPERATION));
        }
        return reader;
    }

    /** Turns a parser failure into the fault Exchange sends for malformed XML, or a limit breach. */
    private SoapFault toFault(XMLStreamException e, XMLStreamReader2 reader) {
        if (e.getCause() instanceof IOException io && !isDecodingFailure(io)) {
            // The body could not be read at all: not the client's XML, nothing to answer.
            throw new UncheckedIOException(io);
        }
        String message = parserMessage(e);
        String limit = limitViolation(message);
        if (limit != null) {
            return SoapFault.invalidRequest(limit);
        }
        if (message.startsWith("Unexpected EOF in prolog")) {
            message = Violations.ROOT_MISSING;
        }
        Location location = e.getLocation() != null ? e.getLocation() : reader != null ? reader.getLocation() : null;
        if (location == null || location.getLineNumber() < 1) {
            return SoapFault.schemaValidation(message);
        }
        return SoapFault.schemaValidation(location.getLineNumber(), Math.max(location.getColumnNumber(), 0), message);
    }

    /** Bytes that do not decode in the document's encoding are the client's fault, not a transport failure. */
    private static boolean isDecodingFailure(IOException e) {
        return e instanceof CharConversionException || e instanceof CharacterCodingException
                || e instanceof UnsupportedEncodingException;
    }

    /** Woodstox's limit messages are the only signal of which limit broke; tests pin each of them. */
    private String limitViolation(String message) {
        if (message.startsWith("Maximum Element Depth limit")) {
            return Limits.depth(limits);
        } else if (message.startsWith("Maximum Element Count limit")) {
            return Limits.elementCount(limits);
        } else if (message.startsWith("Text size limit")) {
            return Limits.textLength(limits);
        } else if (message.startsWith("Maximum attribute size limit")) {
            return Limits.attributeLength(limits);
        } else if (message.startsWith("Attribute limit")) {
            return Limits.attributesPerElement(limits);
        } else if (message.startsWith("Maximum entity expansion") || message.startsWith("Maximum document characters")) {
            return Limits.OTHER;
        }
        return null;
    }

    /** The parser's own message without the location suffix Woodstox appends (the fault carries that). */
    private static String parserMessage(XMLStreamException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "The request is not well-formed XML.";
        }
        int suffix = message.indexOf("\n at [");
        String text = (suffix >= 0 ? message.substring(0, suffix) : message).strip();
        // A message that names the parser's configuration or classes says nothing useful to a client.
        if (text.matches("(?s).*(com\\.ctc|wstx|woodstox|XMLInputFactory|javax?\\.|P_[A-Z_]{4,}|Exception).*")) {
            return "The request is not well-formed XML.";
        }
        // Parser messages quote what the client sent (names, characters): keep the fault small.
        return text.length() <= MAX_PARSER_MESSAGE ? text : text.substring(0, MAX_PARSER_MESSAGE) + "...";
    }

    private static Map<String, OperationReader> operations(OperationReader... readers) {
        return List.of(readers).stream().collect(Collectors.toUnmodifiableMap(OperationReader::name,
                Function.identity()));
    }
}
