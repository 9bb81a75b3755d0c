package org.ewstoken.protocol.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The project's own WSDL and schemas, as served under /EWS/ (Services.wsdl, messages.xsd, types.xsd side by
 * side, linked by relative schemaLocation) and used by {@link ResponseValidator}.
 */
public final class ProtocolSchemas {
    /** The service address in the bundled WSDL, replaced by {@link #wsdl(String)}. */
    public static final String PLACEHOLDER_ENDPOINT = "https://localhost/EWS/Exchange.asmx";

    public static final String MESSAGES_XSD = "messages.xsd";
    public static final String TYPES_XSD = "types.xsd";
    public static final String ERRORS_XSD = "errors.xsd";
    public static final String SOAP_ENVELOPE_XSD = "soap-envelope.xsd";
    public static final String XML_XSD = "xml.xsd";
    static final String SERVICES_WSDL = "Services.wsdl";

    private static final String ADDRESS_ATTRIBUTE = "location=\"" + PLACEHOLDER_ENDPOINT + "\"";

    /** Lower-cased name to bytes: IIS, which clients expect, serves these names case-insensitively. */
    private static final Map<String, byte[]> RESOURCES = load(MESSAGES_XSD, TYPES_XSD, ERRORS_XSD, SOAP_ENVELOPE_XSD,
            XML_XSD);
    private static final String WSDL_TEMPLATE = new String(read(SERVICES_WSDL), StandardCharsets.UTF_8);

    static {
        if (!WSDL_TEMPLATE.contains(ADDRESS_ATTRIBUTE)) {
            throw new IllegalStateException(SERVICES_WSDL + " lacks the placeholder address");
        }
    }

    private ProtocolSchemas() {}

    /** The names {@link #resource(String)} accepts, in their canonical spelling. */
    public static Set<String> resourceNames() {
        return Set.of(MESSAGES_XSD, TYPES_XSD, ERRORS_XSD, SOAP_ENVELOPE_XSD, XML_XSD);
    }

    /**
     * A schema file's bytes (a fresh copy). Only the names of {@link #resourceNames()} are served, matched
     * case-insensitively; anything else, path tricks included, is refused.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static byte[] resource(String name) {
        Objects.requireNonNull(name, "name");
        byte[] bytes = RESOURCES.get(name.toLowerCase(Locale.ROOT));
        if (bytes == null) {
            throw new IllegalArgumentException("no such schema resource: " + name);
        }
        return bytes.clone();
    }

    /** Whether {@link #resource(String)} serves {@code name}. */
    public static boolean isResource(String name) {
        return name != null && RESOURCES.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Services.wsdl with the service address set to {@code endpointUrl}.
     *
     * @param endpointUrl an absolute http or https URL, e.g. {@code https://mail.contoso.com/EWS/Exchange.asmx}
     * @throws IllegalArgumentException if it is not one
     */
    public static byte[] wsdl(String endpointUrl) {
        Objects.requireNonNull(endpointUrl, "endpointUrl");
        URI uri;
        try {
            uri = new URI(endpointUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + endpointUrl, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute http(s) URL: " + endpointUrl);
        }
        String address = "location=\"" + escapeAttribute(endpointUrl) + "\"";
        return WSDL_TEMPLATE.replace(ADDRESS_ATTRIBUTE, address).getBytes(StandardCharsets.UTF_8);
    }

    /** The shared bytes, for the validator's resolver (which never hands them out). */
    static byte[] bytesOrNull(String name) {
        return RESOURCES.get(name.toLowerCase(Locale.ROOT));
    }

    /** java.net.URI already refuses '"', '<' and '>'; '&' is legal in a query and must become &amp;. */
    private static String escapeAttribute(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static Map<String, byte[]> load(String... names) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (String name : names) {
            map.put(name.toLowerCase(Locale.ROOT), read(name));
        }
        return Map.copyOf(map);
    }

    private static byte[] read(String name) {
        try (InputStream in = ProtocolSchemas.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
