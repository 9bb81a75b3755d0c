package org.ewstoken.server.console;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The console's HTML forms (sign-in, sign-out): fields from a POSTed {@code application/x-www-form-urlencoded} body
 * only, never from the query string, where credentials and tokens would end up in logs, history and Referer headers.
 * A body declared larger than {@link #MAX_BYTES} is not read at all (nor invited with {@code 100 Continue}).
 */
final class ConsoleForm {

    static final int MAX_BYTES = 8 * 1024;
    private static final int MAX_FIELDS = 16;

    private ConsoleForm() {
    }

    /** The body's fields; null when the request is not such a form or cannot be read. */
    static Fields read(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!request.getMethod().equals("POST") || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                || request.getLength() > MAX_BYTES) {
            return null;
        }
        try {
            return FormFields.getFields(request, MAX_FIELDS, MAX_BYTES);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
