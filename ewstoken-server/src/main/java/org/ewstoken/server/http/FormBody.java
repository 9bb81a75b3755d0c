package org.ewstoken.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** An {@code application/x-www-form-urlencoded} body, parsed with bounds. */
public final class FormBody {

    /** The body is not a form this server accepts. */
    public static final class InvalidFormException extends Exception {
        public InvalidFormException(String message) {
            super(message);
        }
    }

    private static final int MAX_PARAMETERS = 16;

    private final Map<String, List<String>> values;

    private FormBody(Map<String, List<String>> values) {
        this.values = values;
    }

    public static FormBody parse(String body) throws InvalidFormException {
        Map<String, List<String>> values = new HashMap<>();
        if (body.isEmpty()) return new FormBody(values);
        String[] pairs = body.split("&", MAX_PARAMETERS + 1);
        if (pairs.length > MAX_PARAMETERS) throw new InvalidFormException("more than " + MAX_PARAMETERS + " parameters");
        for (String pair : pairs) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidFormException("a parameter is not validly percent-encoded");
            }
        }
        return new FormBody(values);
    }

    /**
     * The body, read before anything is answered: Jetty closes a connection whose request body was left
     * unread, which the client would see as a broken pipe instead of the answer. Null if larger than {@code maxBytes}.
     */
    public static String read(Request request, int maxBytes) throws IOException {
        try (InputStream body = new LimitedInputStream(Content.Source.asInputStream(request), maxBytes)) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (LimitedInputStream.TooLargeException e) {
            return null;
        }
    }

    /** Whether the request says it carries a form. */
    public static boolean isForm(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The parameter's only value; a repeated parameter is an error (RFC 6749 §3.1). */
    public String single(String name) throws InvalidFormException {
        List<String> v = values.get(name);
        if (v == null) return null;
        if (v.size() > 1) throw new InvalidFormException("the parameter '" + name + "' is repeated");
        return v.get(0);
    }
}
