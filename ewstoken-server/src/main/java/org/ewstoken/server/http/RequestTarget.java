package org.ewstoken.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Request targets whose path means different things to different servers are refused (400) before anything
 * routes them, on every listener. The route table decides on one reading of the path and the EWS front forwards
 * the path as it came; an upstream that reads it another way (IIS keeps {@code ;} literal and then resolves
 * {@code ..}, Windows trims trailing dots, best-fit maps full-width dots) would serve another surface than the one
 * routed. So the path must have one reading only: no path parameters ({@code ;} raw or encoded), no dot-segments
 * (raw, percent-encoded, or dots and spaces that Windows trims to one), no encoded {@code /}, no {@code \} raw or
 * encoded, no encoded {@code %} (double encoding), no control character (NUL included), no empty segment, no
 * malformed escape or UTF-8, no character whose compatibility form is one of these, and no fragment. Refusing,
 * rather than normalising, means nobody has to agree with anybody's normalisation: see docs/security.md.
 */
public final class RequestTarget extends Handler.Wrapper {

    public RequestTarget(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String problem = problem(request.getHttpURI());
        if (problem == null) return super.handle(request, response, callback);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Cache-Control", "no-store");
        if (request.getLength() != 0) response.getHeaders().put("Connection", "close"); // the body stays unread
        HttpResponses.text(response, callback, 400, "400 Bad Request: the request path " + problem + ".");
        return true;
    }

    /** Why the target is refused, in a few words, or null when its path has one reading only. */
    public static String problem(HttpURI uri) {
        if (uri.getFragment() != null) return "has a fragment";
        return problem(uri.getPath());
    }

    /** Why the raw (still percent-encoded) path is refused, or null. */
    public static String problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) return "is empty";
        if (rawPath.equals("*")) return null; // OPTIONS *: no path at all
        if (rawPath.charAt(0) != '/') return "does not start with /";
        int start = 1;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) end = rawPath.length();
            String why = segment(rawPath.substring(start, end), end == rawPath.length());
            if (why != null) return why;
            start = end + 1;
        }
        return null;
    }

    /** One segment, raw; the last one may be empty (a path ending in /). */
    private static String segment(String raw, boolean last) {
        if (raw.isEmpty()) return last ? null : "has an empty segment (//)";
        if (raw.indexOf(';') >= 0) return "has path parameters (;)";
        if (raw.indexOf('\\') >= 0) return "has a backslash";
        String decoded = decode(raw);
        if (decoded == null) return "has a malformed percent-encoding";
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return "has a control character";
            switch (c) {
                case '/' -> { return "has an encoded slash"; }
                case '\\' -> { return "has an encoded backslash"; }
                case ';' -> { return "has an encoded semicolon"; }
                case '%' -> { return "is encoded twice"; }
                default -> { }
            }
        }
        if (dotsAndSpaces(decoded)) return "has a dot-segment (or a segment of dots and spaces only)";
        if (!isAscii(decoded)) {
            // Full-width and other compatibility forms of '.', '/', '\' that some servers map to the ASCII ones.
            String compatible = Normalizer.normalize(decoded, Normalizer.Form.NFKC);
            if (compatible.indexOf('/') >= 0 || compatible.indexOf('\\') >= 0 || compatible.indexOf(';') >= 0
                    || compatible.indexOf('%') >= 0 || dotsAndSpaces(compatible)) {
                return "has a character that stands for a dot, slash or backslash";
            }
        }
        return null;
    }

    /** "." and "..", and what Windows trims to them ("...", ". .", ".. "). */
    private static boolean dotsAndSpaces(String s) {
        boolean dot = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') dot = true;
            else if (c != ' ') return false;
        }
        return dot || s.isBlank();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    /** Percent-decoding to strict UTF-8; null when an escape or the bytes are malformed. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0 && isAscii(raw)) return raw;
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) return null;
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
