package org.ewstoken.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser for the two small documents this library reads (token parts and
 * metadata documents), so the library needs no JSON dependency.
 *
 * <p>Hostile input is normal input here: nesting is bounded, a duplicate member name is an error (a
 * verifier and a signer must never disagree about which {@code aud} counts), lone surrogates and
 * control characters in strings are errors, and nothing after the value is tolerated. Objects become
 * unmodifiable {@code Map<String, Object>} (insertion order), arrays unmodifiable {@code List<Object>},
 * numbers {@code Long} when integral and in range, else {@code BigDecimal}; {@code null} is
 * {@link #NULL}.
 */
final class Json {

    /** JSON {@code null}; maps cannot hold Java null. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Thrown for any syntax error; the message says where and what, never quoting the input. */
    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    private static final int MAX_NUMBER_LENGTH = 64;

    private final String text;
    private final int maxDepth;
    private int pos;

    private Json(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** Parses one JSON value that must be an object. */
    static Map<String, Object> parseObject(String text, int maxDepth) throws SyntaxException {
        Json parser = new Json(text, maxDepth);
        parser.skipWhitespace();
        if (parser.peek() != '{') throw parser.error("expected a JSON object");
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) throw parser.error("unexpected data after the JSON value");
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    private Object value(int depth) throws SyntaxException {
        skipWhitespace();
        int c = peek();
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error(c < 0 ? "unexpected end of input" : "unexpected character");
        }
    }

    private Map<String, Object> object(int depth) throws SyntaxException {
        if (depth > maxDepth) throw error("nested deeper than " + maxDepth + " levels");
        pos++; // {
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw error("expected a member name");
            String name = string();
            skipWhitespace();
            expect(':');
            Object value = value(depth);
            if (members.putIfAbsent(name, value) != null) throw error("duplicate member name");
            skipWhitespace();
            int c = next();
            if (c == '}') return Collections.unmodifiableMap(members);
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private List<Object> array(int depth) throws SyntaxException {
        if (depth > maxDepth) throw error("nested deeper than " + maxDepth + " levels");
        pos++; // [
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(items);
        }
        while (true) {
            items.add(value(depth));
            skipWhitespace();
            int c = next();
            if (c == ']') return Collections.unmodifiableList(items);
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    private String string() throws SyntaxException {
        pos++; // opening quote
        StringBuilder out = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) throw error("control character in string");
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || pos + 1 >= text.length()
                        || !Character.isLowSurrogate(text.charAt(pos + 1))) {
                    throw error("unpaired surrogate in string");
                }
                pos += 2;
                continue;
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (out == null) out = new StringBuilder();
            out.append(text, start, pos);
            pos++;
            out.append(escape());
            start = pos;
        }
    }

    /** Decodes one escape after the backslash; a \\u surrogate pair is decoded whole. */
    private String escape() throws SyntaxException {
        int c = next();
        switch (c) {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                char unit = hex4();
                if (Character.isHighSurrogate(unit)) {
                    if (!text.startsWith("\\u", pos)) throw error("unpaired surrogate escape");
                    pos += 2;
                    char low = hex4();
                    if (!Character.isLowSurrogate(low)) throw error("unpaired surrogate escape");
                    return new String(new char[] {unit, low});
                }
                if (Character.isLowSurrogate(unit)) throw error("unpaired surrogate escape");
                return String.valueOf(unit);
            default:
                throw error("invalid escape");
        }
    }

    private char hex4() throws SyntaxException {
        if (pos + 4 > text.length()) throw error("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) throw error("invalid \\u escape");
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() throws SyntaxException {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("invalid number");
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            integral = false;
            if (!digits()) throw error("invalid number");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integral = false;
            if (peek() == '+' || peek() == '-') pos++;
            if (!digits()) throw error("invalid number");
        }
        if (pos - start > MAX_NUMBER_LENGTH) throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
        String literal = text.substring(start, pos);
        if (integral && literal.length() <= 18) return Long.parseLong(literal);
        BigDecimal value = new BigDecimal(literal);
        if (integral) {
            try {
                return value.longValueExact();
            } catch (ArithmeticException outOfRange) {
                return value;
            }
        }
        return value;
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
        return pos > start;
    }

    private void literal(String word) throws SyntaxException {
        if (!text.startsWith(word, pos)) throw error("unexpected character");
        pos += word.length();
    }

    private void expect(char c) throws SyntaxException {
        if (next() != c) throw error("expected '" + c + "'");
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private int next() {
        return pos < text.length() ? text.charAt(pos++) : -1;
    }

    private SyntaxException error(String what) {
        return new SyntaxException(what + " at offset " + pos);
    }
}
