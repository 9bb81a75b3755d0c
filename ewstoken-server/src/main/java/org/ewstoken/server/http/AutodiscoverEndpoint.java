package org.ewstoken.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.ewstoken.store.AccountName;

/**
 * Autodiscover v2, {@code GET /autodiscover/autodiscover.json/v1.0/{smtp}?Protocol=EWS}: where the EWS
 * endpoint of a mailbox is, so that an add-in back end can check that an identity token's {@code amurl}
 * lies on the user's Exchange server.
 *
 * <p>Every well-formed address gets the same answer, whether or not it is a mailbox here: the server
 * has no list of accepted domains, and a different answer would let anyone enumerate mailboxes (Exchange
 * too answers 200 for any address in its domains). Only {@code Protocol=EWS} (any case) is served; the
 * address is never echoed back, so a hostile one cannot be reflected.
 */
final class AutodiscoverEndpoint {

    /** Streaming only: a data-binding mapper would cost the server's start-up a tenth of a second. */
    private static final JsonFactory JSON = new JsonFactory();
    /** RFC 5321 sizes; dot-atom local part; LDH domain labels with at least one dot. */
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private final byte[] ewsAnswer;
    private final byte[] invalidProtocol;
    private final byte[] invalidUser;

    AutodiscoverEndpoint(URI ewsUrl) {
        this.ewsAnswer = json("Protocol", "EWS", "Url", ewsUrl.toString());
        this.invalidProtocol = json("ErrorCode", "InvalidProtocol",
                "ErrorMessage", "The given protocol value is invalid. Supported values are 'EWS'.");
        this.invalidUser = json("ErrorCode", "InvalidUser", "ErrorMessage", "The given SMTP address is invalid.");
    }

    /** @param address the path after {@link ServerUrls#AUTODISCOVER}, decoded */
    void handle(String address, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            HttpResponses.text(response, callback, 405, "405 Method Not Allowed.");
            return;
        }
        // The ASCII pattern, and the one account-name rule every other place applies (bounded work first).
        if (address.length() > 320 || address.indexOf('@') > 64 || !ADDRESS.matcher(address).matches()
                || AccountName.problem(address) != null) {
            answer(method, response, callback, 400, invalidUser);
        } else if (!"ews".equals(protocol(request))) {
            answer(method, response, callback, 400, invalidProtocol);
        } else {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, max-age=3600");
            answer(method, response, callback, 200, ewsAnswer);
        }
    }

    /** The Protocol query parameter (name and value in any case), lowercased; null if absent or repeated. */
    private static String protocol(Request request) {
        Fields query;
        try {
            query = Request.extractQueryParameters(request);
        } catch (RuntimeException badEncoding) {
            return null;
        }
        String value = null;
        for (Fields.Field f : query) {
            if (!f.getName().equalsIgnoreCase("protocol")) continue;
            if (value != null || f.getValues().size() != 1) return null;
            value = f.getValue().toLowerCase(Locale.ROOT);
        }
        return value;
    }

    private static void answer(String method, Response response, Callback callback, int status, byte[] body) {
        if (method.equals("HEAD")) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpResponses.JSON);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, null, callback);
        } else {
            HttpResponses.send(response, callback, status, HttpResponses.JSON, body);
        }
    }

    /** A JSON object of these name, value pairs, in this order (Exchange writes Protocol before Url). */
    private static byte[] json(String... namesAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (int i = 0; i < namesAndValues.length; i += 2) json.writeStringField(namesAndValues[i], namesAndValues[i + 1]);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing JSON to memory", e);
        }
        return out.toByteArray();
    }
}
