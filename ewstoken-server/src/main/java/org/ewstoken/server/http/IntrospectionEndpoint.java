package org.ewstoken.server.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.service.TokenIntrospection;

/**
 * {@code POST /oauth2/introspect} (RFC 7662) for resource servers not written in Java: a form with
 * {@code token=…}, the client authenticated with HTTP Basic; answers {@code {"active":false}} or the
 * token's claims. Off (404, like any unknown path) unless a client credential is configured.
 */
final class IntrospectionEndpoint {

    /** Callback tokens are about 1 KB; a form holding one is far below this. */
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final String CHALLENGE = "Basic realm=\"ewstoken introspection\", charset=\"UTF-8\"";

    private final ClientCredential client; // null: the endpoint is off
    private final TokenIntrospection introspection;

    IntrospectionEndpoint(ClientCredential client, TokenIntrospection introspection) {
        this.client = client;
        this.introspection = introspection;
    }

    void handle(Request request, Response response, Callback callback) {
        if (client == null) {
            HttpResponses.text(response, callback, 404, "404 Not Found.");
            return;
        }
        if (!request.getMethod().equals("POST")) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            HttpResponses.text(response, callback, 405, "405 Method Not Allowed: POST a form with token=...");
            return;
        }
        String form; // null: larger than allowed, answered after authentication
        boolean declaredTooLarge = request.getLength() > MAX_BODY_BYTES;
        if (declaredTooLarge) {
            // Answered without reading: a client that asked "Expect: 100-continue" is not invited to send it.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        try {
            form = declaredTooLarge ? null : FormBody.read(request, MAX_BODY_BYTES);
        } catch (IOException e) {
            HttpResponses.text(response, callback, 400, "400 The request body could not be read.");
            return;
        }
        if (!client.matches(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
            HttpResponses.uncachedJson(response, callback, 401, error("invalid_client",
                    "HTTP Basic authentication with the introspection client id and secret is required"));
            return;
        }
        if (form == null) {
            invalidRequest(response, callback, "the form is larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        if (!FormBody.isForm(request)) {
            invalidRequest(response, callback, "send the token as application/x-www-form-urlencoded: token=...");
            return;
        }
        String token;
        try {
            token = FormBody.parse(form).single("token");
        } catch (FormBody.InvalidFormException e) {
            invalidRequest(response, callback, e.getMessage());
            return;
        }
        if (token == null || token.isEmpty()) {
            invalidRequest(response, callback, "the form has no token parameter");
            return;
        }
        HttpResponses.uncachedJson(response, callback, 200, introspection.introspect(token.strip()));
    }

    private static void invalidRequest(Response response, Callback callback, String description) {
        HttpResponses.uncachedJson(response, callback, 400, error("invalid_request", description));
    }

    /** An RFC 6749 §5.2 error answer: {@code error} first, then its description. */
    private static Map<String, Object> error(String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        return body;
    }
}
