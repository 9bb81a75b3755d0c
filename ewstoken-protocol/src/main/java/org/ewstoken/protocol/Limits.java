package org.ewstoken.protocol;

/** The {@code t:Violation} texts of ErrorInvalidRequest faults for breached {@link ParserLimits}. */
final class Limits {
    private Limits() {}

    static String depth(ParserLimits l) {
        return "The request exceeds the maximum element depth of " + l.maxDepth() + ".";
    }

    static String elementCount(ParserLimits l) {
        return "The request exceeds the maximum number of elements, " + l.maxElements() + ".";
    }

    static String textLength(ParserLimits l) {
        return "The request contains a text value longer than " + l.maxTextLength() + " characters.";
    }

    static String attributeLength(ParserLimits l) {
        return "The request contains an attribute value longer than " + l.maxAttributeLength() + " characters.";
    }

    static String attributesPerElement(ParserLimits l) {
        return "The request contains an element with more than " + l.maxAttributesPerElement() + " attributes.";
    }

    static String tokenRequests(ParserLimits l) {
        return "The request contains more than " + l.maxTokenRequests() + " token requests.";
    }

    static final String OTHER = "The request exceeds a parser limit.";
}
