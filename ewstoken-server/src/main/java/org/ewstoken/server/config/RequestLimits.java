package org.ewstoken.server.config;

import java.time.Duration;
import org.ewstoken.protocol.ParserLimits;

/**
 * What one request and one connection may cost: header and XML sizes, how long a client may take,
 * how many connections and threads the server keeps. The body size, XML depth and TokenRequest count
 * are the older top-level settings of {@link ServerConfig}.
 */
public record RequestLimits(int maxHeaderBytes, int maxXmlElements, int maxXmlTextLength, int maxXmlAttributeLength,
                            Duration requestTimeout, Duration idleTimeout, int maxConnections, int maxThreads) {

    /** Attributes on one element: the schema needs a handful; not worth a setting. */
    private static final int MAX_ATTRIBUTES_PER_ELEMENT = ParserLimits.DEFAULTS.maxAttributesPerElement();

    public RequestLimits {
        atLeast(Setting.MAX_HEADER_BYTES, maxHeaderBytes, 1024);
        atLeast(Setting.MAX_XML_ELEMENTS, maxXmlElements, 16);
        atLeast(Setting.MAX_XML_TEXT_LENGTH, maxXmlTextLength, 256);
        atLeast(Setting.MAX_XML_ATTRIBUTE_LENGTH, maxXmlAttributeLength, 256);
        atLeast(Setting.MAX_CONNECTIONS, maxConnections, 1);
        atLeast(Setting.MAX_THREADS, maxThreads, 8);
        positive(Setting.REQUEST_TIMEOUT, requestTimeout);
        positive(Setting.IDLE_TIMEOUT, idleTimeout);
    }

    /** The parser's bounds, with the depth and TokenRequest count configured beside these. */
    public ParserLimits parserLimits(int maxDepth, int maxTokenRequests) {
        return new ParserLimits(maxDepth, maxXmlElements, maxXmlTextLength, maxXmlAttributeLength,
                MAX_ATTRIBUTES_PER_ELEMENT, maxTokenRequests);
    }

    static void atLeast(Setting s, long value, long minimum) {
        if (value < minimum) throw new ConfigException(s.key() + " must be at least " + minimum + ", was " + value);
    }

    static void positive(Setting s, Duration d) {
        if (d.isNegative() || d.isZero()) throw new ConfigException(s.key() + " must be positive");
    }
}
