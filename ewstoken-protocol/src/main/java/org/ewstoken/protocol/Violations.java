package org.ewstoken.protocol;

/**
 * Schema-violation texts worded as .NET's XmlSchemaValidator words them, which is what Exchange puts in
 * {@code t:Violation}. Clients and people compare these against real Exchange output, so keep the wording.
 */
final class Violations {
    private Violations() {}

    /** {@code 'A, B' in namespace 'ns'}: the "List of possible elements expected" part, precomputed per state. */
    static String expected(String namespace, String... localNames) {
        return "'" + String.join(", ", localNames) + "'" + inNamespace(namespace);
    }

    static String incompleteContent(String ns, String local, String expected) {
        return "The element " + element(ns, local) + " has incomplete content. List of possible elements expected: "
                + expected + ".";
    }

    static String invalidChild(String ns, String local, String childNs, String childLocal, String expected) {
        String base = "The element " + element(ns, local) + " has invalid child element " + element(childNs, childLocal);
        return expected == null ? base + "." : base + ". List of possible elements expected: " + expected + ".";
    }

    static String cannotContainText(String ns, String local, String expected) {
        String base = "The element " + element(ns, local) + " cannot contain text";
        return expected == null ? base + "." : base + ". List of possible elements expected: " + expected + ".";
    }

    static String textOnly(String ns, String local, String childNs, String childLocal) {
        return "The element " + element(ns, local) + " cannot contain child element " + element(childNs, childLocal)
                + " because the parent element's content model is text only.";
    }

    static String invalidElementValue(String ns, String local, String value, String typeNs, String type) {
        return "The '" + ns + ":" + local + "' element is invalid - The value '" + clip(value)
                + "' is invalid according to its datatype '" + typeNs + ":" + type
                + "' - The Enumeration constraint failed.";
    }

    static String invalidAttributeValue(String attribute, String value, String typeNs, String type) {
        return "The '" + attribute + "' attribute is invalid - The value '" + clip(value)
                + "' is invalid according to its datatype '" + typeNs + ":" + type
                + "' - The Enumeration constraint failed.";
    }

    static String missingAttribute(String attribute) {
        return "The required attribute '" + attribute + "' is missing.";
    }

    static String undeclaredAttribute(String ns, String local) {
        return "The '" + (ns.isEmpty() ? clip(local) : clip(ns) + ":" + clip(local)) + "' attribute is not declared.";
    }

    static String nilNotAllowed() {
        return "If the 'nillable' attribute is false in the schema, the 'xsi:nil' attribute must not be present"
                + " in the instance.";
    }

    static String rootNotEnvelope(String ns, String local) {
        return "The root element " + element(ns, local) + " is not 'Envelope'" + inNamespace(EwsNamespaces.SOAP) + ".";
    }

    static String undeclaredEntity(String name) {
        return "Reference to undeclared entity '" + clip(name) + "'.";
    }

    /**
     * A value that breaks its datatype other than by an enumeration: {@code reason} is .NET's sentence for the
     * datatype, e.g. "The string 'x' is not a valid Boolean value."
     */
    static String invalidElementValue(String ns, String local, String value, String typeNs, String type,
                                      String reason) {
        return "The '" + ns + ":" + local + "' element is invalid - The value '" + clip(value)
                + "' is invalid according to its datatype '" + typeNs + ":" + type + "' - " + reason;
    }

    static final String DTD_PROHIBITED = "For security reasons DTD is prohibited in this XML document.";
    static final String ROOT_MISSING = "Root element is missing.";

    /** Longest client-supplied name or value echoed into a violation: the fault stays small whatever was sent. */
    static final int MAX_ECHO = 256;

    private static String element(String ns, String local) {
        return "'" + clip(local) + "'" + inNamespace(ns);
    }

    /** .NET leaves out the namespace clause for elements in no namespace. */
    private static String inNamespace(String ns) {
        return ns.isEmpty() ? "" : " in namespace '" + clip(ns) + "'";
    }

    static String clip(String echoed) {
        return echoed.length() <= MAX_ECHO ? echoed : echoed.substring(0, MAX_ECHO) + "...";
    }
}
