package org.ewstoken.server.console;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why an admin API body is not the JSON expected, in the project's words: which field, and what it should be. Never
 * the parser's own message, which names Java classes, token types and parser features.
 */
final class JsonProblem {

    private JsonProblem() {
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) return "the JSON exceeds a size or nesting limit";
        if (e instanceof JsonParseException) {
            var at = e.getLocation();
            return "the body is not well-formed JSON" + (at == null || at.getLineNr() < 1 ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        String field = e instanceof JsonMappingException m ? field(m) : "";
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + clip(u.getPropertyName()) + "'" + (field.contains(".") ? " in '"
                    + field.substring(0, field.lastIndexOf('.')) + "'" : "");
        }
        if (e instanceof MismatchedInputException m) {
            if (field.isEmpty()) return "the body must be a JSON object";
            return "field '" + field + "' must be " + kind(m.getTargetType());
        }
        return field.isEmpty() ? "the body is not the expected JSON" : "field '" + field + "' has a value that is not allowed";
    }

    /** The field's path, e.g. {@code scopes[2]} or {@code user.name}; empty for the body itself. */
    private static String field(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) sb.append(sb.isEmpty() ? "" : ".").append(clip(r.getFieldName()));
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) return "of another type";
        if (type == String.class || type == char[].class) return "a string";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) return "a number";
        if (type.isArray() || Collection.class.isAssignableFrom(type)) return "a list";
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
        return "of another type";
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
