package org.ewstoken.server.config;

import static org.ewstoken.server.config.Checks.atLeast;
import static org.ewstoken.server.config.Checks.positive;

import java.util.List;
import java.time.Duration;
import org.ewstoken.protocol.ParserLimits;

/**
 * What one request and one connection may cost: header and XML sizes, how long a client may take,
 * how many connections and threads the server keeps. The body size, XML depth and TokenRequest count
 * are the older top-level settings of {@link ServerConfig}.
 */
public record RequestLimits(int maxHeaderBytes, int maxXmlElements, int maxXmlTextLength, int maxXmlAttributeLength,
                            Duration requestTimeout, Duration idleTimeout, int maxConnections, int maxThreads) {

    public static final Setting MAX_HEADER_BYTES = new Setting("max-header-bytes", "8192",
            "Largest accepted request line plus headers; larger requests get HTTP 431.");
    public static final Setting MAX_XML_ELEMENTS = new Setting("max-xml-elements", "10000",
            "Most XML elements in one SOAP request.");
    public static final Setting MAX_XML_TEXT_LENGTH = new Setting("max-xml-text-length", "65536",
            "Longest text value (characters) in a SOAP request.");
    public static final Setting MAX_XML_ATTRIBUTE_LENGTH = new Setting("max-xml-attribute-length", "8192",
            "Longest attribute value (characters) in a SOAP request.");
    public static final Setting REQUEST_TIMEOUT = new Setting("request-timeout", "30s",
            "Longest time a client may take to send its whole request body (chunked or not); slower clients get "
                    + "HTTP 408 or are disconnected.");
    public static final Setting IDLE_TIMEOUT = new Setting("idle-timeout", "30s",
            "A connection on which nothing moves for this long is closed.");
    public static final Setting MAX_CONNECTIONS = new Setting("max-connections", "1000",
            "Most open client connections; further clients wait in the accept queue.");
    public static final Setting MAX_THREADS = new Setting("max-threads", "200",
            "Most threads serving requests.");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(MAX_HEADER_BYTES, MAX_XML_ELEMENTS, MAX_XML_TEXT_LENGTH,
            MAX_XML_ATTRIBUTE_LENGTH, REQUEST_TIMEOUT, IDLE_TIMEOUT, MAX_CONNECTIONS, MAX_THREADS);

    /** Reads this record from the configuration. */
    static RequestLimits from(SettingValues v) {
        return new RequestLimits(v.integer(MAX_HEADER_BYTES), v.integer(MAX_XML_ELEMENTS), v.integer(MAX_XML_TEXT_LENGTH),
                v.integer(MAX_XML_ATTRIBUTE_LENGTH), v.duration(REQUEST_TIMEOUT), v.duration(IDLE_TIMEOUT),
                v.integer(MAX_CONNECTIONS), v.integer(MAX_THREADS));
    }

    /** Attributes on one element: the schema needs a handful; not worth a setting. */
    private static final int MAX_ATTRIBUTES_PER_ELEMENT = ParserLimits.DEFAULTS.maxAttributesPerElement();

    public RequestLimits {
        atLeast(MAX_HEADER_BYTES, maxHeaderBytes, 1024);
        atLeast(MAX_XML_ELEMENTS, maxXmlElements, 16);
        atLeast(MAX_XML_TEXT_LENGTH, maxXmlTextLength, 256);
        atLeast(MAX_XML_ATTRIBUTE_LENGTH, maxXmlAttributeLength, 256);
        atLeast(MAX_CONNECTIONS, maxConnections, 1);
        atLeast(MAX_THREADS, maxThreads, 8);
        positive(REQUEST_TIMEOUT, requestTimeout);
        positive(IDLE_TIMEOUT, idleTimeout);
    }

    /** The parser's bounds, with the depth and TokenRequest count configured beside these. */
    public ParserLimits parserLimits(int maxDepth, int maxTokenRequests) {
        return new ParserLimits(maxDepth, maxXmlElements, maxXmlTextLength, maxXmlAttributeLength,
                MAX_ATTRIBUTES_PER_ELEMENT, maxTokenRequests);
    }
}
