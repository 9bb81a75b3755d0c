package org.ewstoken.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body, parsed with bounds. */
final class FormBody {

    /** The body is not a form this server accepts. */
    static final class InvalidFormException extends Exception {
        InvalidFormException(String message) {
            super(message);
        }
    }

    private static final int MAX_PARAMETERS = 16;

    private final Map<String, List<String>> values;

    private FormBody(Map<String, List<String>> values) {
        this.values = values;
    }

    static FormBody parse(String body) throws InvalidFormException {
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

    /** The parameter's only value; a repeated parameter is an error (RFC 6749 §3.1). */
    String single(String name) throws InvalidFormException {
        List<String> v = values.get(name);
        if (v == null) return null;
        if (v.size() > 1) throw new InvalidFormException("the parameter '" + name + "' is repeated");
        return v.get(0);
    }
}
