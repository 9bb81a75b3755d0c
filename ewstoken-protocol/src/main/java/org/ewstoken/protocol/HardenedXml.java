package org.ewstoken.protocol;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * The one Woodstox configuration every reader of untrusted XML uses: no DTDs, no external entities,
 * and the {@link ParserLimits} on depth, element count, text and attribute sizes. Shared by
 * {@link SoapRequestReader}, {@link OperationClassifier}, the front's callback reader and the manifest
 * parser, so that they cannot drift apart.
 */
public final class HardenedXml {

    /** Refuses every external resource; with DTDs refused outright it should never even be asked. */
    private static final XMLResolver REFUSE_ALL = (publicId, systemId, baseUri, namespace) -> {
        throw new XMLStreamException("external entities are not allowed");
    };

    private HardenedXml() {
    }

    /** A new factory (thread-safe once configured) holding input to {@code limits}. */
    public static WstxInputFactory inputFactory(ParserLimits limits) {
        WstxInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_VALIDATING, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.RESOLVER, REFUSE_ALL);
        f.setProperty(WstxInputProperties.P_DTD_RESOLVER, REFUSE_ALL);
        f.setProperty(WstxInputProperties.P_ENTITY_RESOLVER, REFUSE_ALL);
        f.setProperty(WstxInputProperties.P_UNDECLARED_ENTITY_RESOLVER, REFUSE_ALL);
        // Namespace URIs are compared with equals() here, never ==; interning them takes Woodstox's one global
        // lock per declaration, on which request threads queued under load (a JFR profile of the token path).
        f.setProperty(XMLInputFactory2.P_INTERN_NS_URIS, false);
        // Woodstox parses lazily (its default): skipped comments and PIs stream past without being buffered.
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth());
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, (long) limits.maxElements());
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxTextLength());
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, limits.maxAttributeLength());
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, limits.maxAttributesPerElement());
        return f;
    }

    /** Closes {@code reader} if there is one. Closing releases buffers only: the outcome is decided by then. */
    public static void closeQuietly(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing is held that a failed close could leak
            }
        }
    }
}
