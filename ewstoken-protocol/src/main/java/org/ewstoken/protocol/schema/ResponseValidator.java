package org.ewstoken.protocol.schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.ewstoken.protocol.EwsNamespaces;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks that a SOAP message is what EWS allows: the SOAP 1.1 Envelope/Header/Body structure, then every
 * header block and the body's element validated against a schema (header and body are {@code xs:any} in SOAP,
 * so validating the envelope alone would check nothing). For conformance tests, not the request path: it
 * uses a hardened DOM and compiles schemas once per source.
 *
 * <p>Thread-safe: a compiled {@link Schema} is shared, a {@link Validator} is made per call.
 */
public final class ResponseValidator {
    private static final ConcurrentMap<Path, ResponseValidator> OFFICIAL = new ConcurrentHashMap<>();

    private final Schema schema;
    private final boolean validatesFaults;
    private final String description;

    private ResponseValidator(Schema schema, boolean validatesFaults, String description) {
        this.schema = schema;
        this.validatesFaults = validatesFaults;
        this.description = description;
    }

    /** The project's own schema, faults included (soap-envelope.xsd, errors.xsd, messages.xsd, types.xsd). */
    public static ResponseValidator ownSchema() {
        return Own.INSTANCE;
    }

    /**
     * Microsoft's schema from {@code dir} (messages.xsd, which imports types.xsd and xml.xsd beside it), or
     * empty when {@code dir} holds no messages.xsd. Faults are checked for structure only: the official schema
     * does not define them. Compiled once per directory.
     *
     * @throws IllegalStateException if the schema files are there but do not compile
     */
    public static Optional<ResponseValidator> officialSchema(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(ProtocolSchemas.MESSAGES_XSD))) {
            return Optional.empty();
        }
        return Optional.of(OFFICIAL.computeIfAbsent(root, ResponseValidator::compileOfficial));
    }

    /**
     * @throws InvalidResponseException with a message naming the offending part, if the message is not valid
     */
    public void validate(byte[] soapMessage) {
        Objects.requireNonNull(soapMessage, "soapMessage");
        Element envelope = parse(soapMessage).getDocumentElement();
        requireName(envelope, EwsNamespaces.SOAP, "Envelope", "the root element");

        List<Element> parts = children(envelope, "Envelope");
        int body = 0;
        if (!parts.isEmpty() && isSoap(parts.get(0), "Header")) {
            for (Element block : children(parts.get(0), "Header")) {
                validateElement(block, "header block");
            }
            body = 1;
        }
        if (parts.size() != body + 1 || !isSoap(parts.get(body), "Body")) {
            throw new InvalidResponseException("the Envelope must hold an optional Header followed by one Body, but"
                    + " holds " + names(parts));
        }
        List<Element> content = children(parts.get(body), "Body");
        if (content.size() != 1) {
            throw new InvalidResponseException("the Body must hold exactly one element, but holds " + names(content));
        }
        Element payload = content.get(0);
        if (isSoap(payload, "Fault") && !validatesFaults) {
            return;
        }
        validateElement(payload, "body element");
    }

    @Override
    public String toString() {
        return "ResponseValidator[" + description + "]";
    }

    private void validateElement(Element element, String role) {
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setResourceResolver(new SchemaResolver(name -> null, "nothing"));
            validator.setErrorHandler(STRICT);
            validator.validate(new DOMSource(element));
        } catch (SAXException | SchemaResolver.Refused e) {
            throw new InvalidResponseException("the " + role + " " + name(element) + " is not valid against "
                    + description + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document parse(byte[] message) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(STRICT);
            return builder.parse(new ByteArrayInputStream(message));
        } catch (SAXException e) {
            throw new InvalidResponseException("not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required security feature", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The element children; text other than whitespace is a violation (SOAP's parts are element-only). */
    private static List<Element> children(Element parent, String role) {
        List<Element> elements = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> elements.add((Element) n);
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                    if (!n.getNodeValue().isBlank()) {
                        throw new InvalidResponseException("the " + role + " contains text: '" + n.getNodeValue().strip()
                                + "'");
                    }
                }
                default -> { } // comments and processing instructions are allowed anywhere
            }
        }
        return elements;
    }

    private static void requireName(Element e, String ns, String local, String role) {
        if (!ns.equals(e.getNamespaceURI()) || !local.equals(e.getLocalName())) {
            throw new InvalidResponseException(role + " must be {" + ns + "}" + local + ", not " + name(e));
        }
    }

    private static boolean isSoap(Element e, String local) {
        return EwsNamespaces.SOAP.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    private static String name(Element e) {
        return "{" + (e.getNamespaceURI() == null ? "" : e.getNamespaceURI()) + "}" + e.getLocalName();
    }

    private static String names(List<Element> elements) {
        return elements.isEmpty() ? "nothing" : elements.stream().map(ResponseValidator::name).toList().toString();
    }

    private static final ErrorHandler STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings (e.g. about lax content) do not make a message invalid
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static ResponseValidator compileOfficial(Path dir) {
        Function<String, byte[]> files = name -> {
            Path file = dir.resolve(name).normalize();
            if (!file.getParent().equals(dir) || !Files.isRegularFile(file)) {
                return null;
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        String description = "the official EWS schema in " + dir;
        Schema schema = compile(files, description, ProtocolSchemas.MESSAGES_XSD);
        return new ResponseValidator(schema, false, description);
    }

    /** Compiles the named root documents; every reference is resolved through {@code files} only. */
    private static Schema compile(Function<String, byte[]> files, String description, String... roots) {
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setResourceResolver(new SchemaResolver(files, description));
            factory.setErrorHandler(STRICT);
            Source[] sources = new Source[roots.length];
            for (int i = 0; i < roots.length; i++) {
                byte[] bytes = Objects.requireNonNull(files.apply(roots[i]), roots[i]);
                sources[i] = new StreamSource(new ByteArrayInputStream(bytes), roots[i]);
            }
            return factory.newSchema(sources);
        } catch (SAXException | SchemaResolver.Refused e) {
            throw new IllegalStateException(description + " does not compile: " + e.getMessage(), e);
        }
    }

    /** Compiled on first use, then shared. */
    private static final class Own {
        static final ResponseValidator INSTANCE = new ResponseValidator(
                compile(ProtocolSchemas::bytesOrNull, "the ewstoken schema",
                        ProtocolSchemas.SOAP_ENVELOPE_XSD, ProtocolSchemas.ERRORS_XSD),
                true, "the ewstoken schema");
    }
}
