package org.ewstoken.protocol;

/**
 * Bounds on what a request may contain, so that a hostile body costs bounded memory and time.
 * All limits are inclusive maxima and must be positive.
 *
 * @param maxDepth                element nesting depth (the Envelope is depth 1)
 * @param maxElements             elements in the whole document
 * @param maxTextLength           characters of one text value (also one whitespace or CDATA run)
 * @param maxAttributeLength      characters of one attribute value, namespace URIs included
 * @param maxAttributesPerElement attributes on one element; its namespace declarations are held to the
 *                                same number separately
 * @param maxTokenRequests        {@code t:TokenRequest} elements in one GetClientAccessToken
 */
public record ParserLimits(int maxDepth, int maxElements, int maxTextLength, int maxAttributeLength,
                           int maxAttributesPerElement, int maxTokenRequests) {

    public static final ParserLimits DEFAULTS = new ParserLimits(32, 10_000, 64 * 1024, 8 * 1024, 32, 100);

    public ParserLimits {
        requirePositive("maxDepth", maxDepth);
        requirePositive("maxElements", maxElements);
        requirePositive("maxTextLength", maxTextLength);
        requirePositive("maxAttributeLength", maxAttributeLength);
        requirePositive("maxAttributesPerElement", maxAttributesPerElement);
        requirePositive("maxTokenRequests", maxTokenRequests);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
