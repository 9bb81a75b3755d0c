package org.ewstoken.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a parsed XML manifest: just what the reader needs, with its position for messages.
 *
 * @param namespace  namespace URI, "" for none
 * @param local      local name
 * @param attributes the unqualified attributes (the manifest schema qualifies none of its own)
 * @param xsiTypeNs  namespace of the resolved {@code xsi:type} QName, or null without xsi:type
 * @param xsiType    local part of {@code xsi:type}, or null
 * @param text       the element's own character data, untrimmed
 * @param children   child elements in document order
 * @param line       1-based line of the start tag
 * @param column     1-based column of the start tag
 */
record XmlNode(String namespace, String local, Map<String, String> attributes, String xsiTypeNs, String xsiType,
               String text, List<XmlNode> children, int line, int column) {

    XmlNode {
        attributes = Map.copyOf(attributes);
        children = List.copyOf(children);
    }

    String where() {
        return "line " + line + ", column " + column;
    }

    /** The first child with this local name in the same namespace as this element. */
    Optional<XmlNode> child(String name) {
        for (XmlNode c : children) {
            if (c.local.equals(name) && c.namespace.equals(namespace)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Every child with this local name in the same namespace, in order. */
    List<XmlNode> childrenNamed(String name) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.local.equals(name) && c.namespace.equals(namespace)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The first descendant (depth first, document order) with this local name in this namespace. */
    Optional<XmlNode> firstDescendant(String name) {
        for (XmlNode c : children) {
            if (c.local.equals(name) && c.namespace.equals(namespace)) {
                return Optional.of(c);
            }
            Optional<XmlNode> deeper = c.firstDescendant(name);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        return Optional.empty();
    }

    String attribute(String name) {
        return attributes.get(name);
    }
}
