package org.ewstoken.protocol;

import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static org.ewstoken.protocol.EwsNamespaces.MESSAGES;
import static org.ewstoken.protocol.EwsNamespaces.TYPES;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;

/**
 * An {@code xs:sequence} of child elements in one namespace, each optional or required, each a simple value: the
 * content of the app-management operations and of {@code t:TokenRequest}. Reads them in schema order and checks each
 * value against its datatype, with .NET's wording. Immutable; one instance serves every request.
 */
final class FieldSequence {
    private static final String XS = EwsNamespaces.XSD;
    private static final Pattern GUID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    /** XML whitespace, as xs:base64Binary and xs:list collapse it. */
    private static final Pattern XML_SPACE = Pattern.compile("[ \\t\\r\\n]+");

    /** What a field's value must be, and what {@link #read} gives back for it. */
    enum Type {
        /** xs:string: the text as sent. */
        STRING,
        /** xs:boolean: a Boolean. */
        BOOLEAN,
        /** xs:base64Binary: the decoded bytes. */
        BASE64,
        /** m:ListOfExtensionIdsType, a list of t:GuidType: a List of the GUIDs as sent. */
        GUID_LIST,
        /** t:DisableReasonType: a {@link DisableReason}. */
        DISABLE_REASON,
        /** t:ClientAccessTokenTypeType: a {@link TokenType}. */
        TOKEN_TYPE
    }

    record Field(String name, boolean required, Type type) {}

    /** The namespace of the parent and of its children (the schema keeps each sequence in one). */
    private final String namespace;
    private final String operation;
    private final Field[] fields;
    /** What may come next once {@code i} fields are behind us; null when nothing may. */
    private final String[] expected;

    /** The content of an operation element, in the messages namespace. */
    FieldSequence(String operation, Field... fields) {
        this(MESSAGES, operation, fields);
    }

    /** @param parent the local name of the element whose children these are */
    FieldSequence(String namespace, String parent, Field... fields) {
        this.namespace = namespace;
        this.operation = parent;
        this.fields = fields.clone();
        this.expected = new String[fields.length + 1];
        for (int i = 0; i < fields.length; i++) {
            List<String> names = new ArrayList<>();
            for (int j = i; j <= last(i); j++) {
                names.add(fields[j].name());
            }
            expected[i] = Violations.expected(namespace, names.toArray(String[]::new));
        }
    }

    String operation() {
        return operation;
    }

    static Field required(String name, Type type) {
        return new Field(name, true, type);
    }

    static Field optional(String name, Type type) {
        return new Field(name, false, type);
    }

    /**
     * Reads the operation's content. On entry the cursor is on the operation's START_ELEMENT, on return on its
     * END_ELEMENT.
     *
     * @return one value per field, in field order; null for an absent optional field
     */
    Object[] read(RequestCursor c) throws XMLStreamException, EwsFaultException {
        c.checkNoAttributes();
        Object[] values = new Object[fields.length];
        int next = 0;
        while (c.nextChild(namespace, operation, expected[next]) != END_ELEMENT) {
            int field = fieldAt(c, next);
            if (field < 0) {
                throw c.fault(Violations.invalidChild(namespace, operation, c.namespace(), c.localName(),
                        expected[next]));
            }
            values[field] = value(c, fields[field]);
            next = field + 1;
        }
        for (int i = next; i < fields.length; i++) {
            if (fields[i].required()) {
                throw c.fault(Violations.incompleteContent(namespace, operation, expected[next]));
            }
        }
        return values;
    }

    /** The last field that may come when {@code next} fields are behind us: up to the next required one. */
    private int last(int next) {
        for (int i = next; i < fields.length; i++) {
            if (fields[i].required()) {
                return i;
            }
        }
        return fields.length - 1;
    }

    private int fieldAt(RequestCursor c, int next) {
        if (next == fields.length || !namespace.equals(c.namespace())) {
            return -1;
        }
        for (int i = next; i <= last(next); i++) {
            if (fields[i].name().equals(c.localName())) {
                return i;
            }
        }
        return -1;
    }

    private Object value(RequestCursor c, Field f) throws XMLStreamException, EwsFaultException {
        if (f.type() == Type.STRING) {
            return c.readText(); // any text is a string: no position to remember for a fault (the token path's case)
        }
        int[] position = c.position(); // a bad value is reported at its start tag
        String text = c.readText();
        return switch (f.type()) {
            case STRING -> text;
            case BOOLEAN -> switch (text.strip()) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> throw RequestCursor.fault(position, Violations.invalidElementValue(namespace, f.name(), text,
                        XS, "boolean", "The string '" + Violations.clip(text) + "' is not a valid Boolean value."));
            };
            case BASE64 -> {
                try {
                    yield Base64.getDecoder().decode(XML_SPACE.matcher(text).replaceAll(""));
                } catch (IllegalArgumentException e) {
                    throw RequestCursor.fault(position, Violations.invalidElementValue(namespace, f.name(), text, XS,
                            "base64Binary", "The string is not a valid Base64 value."));
                }
            }
            case GUID_LIST -> {
                List<String> ids = new ArrayList<>();
                for (String id : XML_SPACE.split(text.strip())) {
                    if (id.isEmpty()) {
                        continue;
                    }
                    if (!GUID.matcher(id).matches()) {
                        throw RequestCursor.fault(position, Violations.invalidElementValue(namespace, f.name(), text,
                                MESSAGES, "ListOfExtensionIdsType", "The Pattern constraint failed."));
                    }
                    ids.add(id);
                }
                yield List.copyOf(ids);
            }
            case DISABLE_REASON -> DisableReason.fromWire(text).orElseThrow(() -> RequestCursor.fault(position,
                    Violations.invalidElementValue(namespace, f.name(), text, TYPES, "DisableReasonType")));
            case TOKEN_TYPE -> TokenType.fromWire(text).orElseThrow(() -> RequestCursor.fault(position,
                    Violations.invalidElementValue(namespace, f.name(), text, TYPES, "ClientAccessTokenTypeType")));
        };
    }
}
