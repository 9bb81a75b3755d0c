package org.ewstoken.server.oauth;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.http.FormBody;
import org.ewstoken.server.http.HttpResponses;
import org.ewstoken.server.throttle.UserThrottle;

/**
 * {@code POST /oauth2/token}: the HTTP side of {@link TokenExchange}. The client authenticates with HTTP Basic
 * ({@code client_secret_basic}) or {@code client_id} and {@code client_secret} in the form ({@code client_secret_post}),
 * never both (RFC 6749 §2.3). Each client id is throttled by its own budget before its secret is checked.
 */
record TokenEndpoint(TokenExchange exchange, UserThrottle throttle) implements Request.Handler {

    /** An identity token is about 1 KB; a form holding one is far below this. */
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Pattern CLIENT_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String CHALLENGE = "Basic realm=\"ewstoken token exchange\", charset=\"UTF-8\"";

    private record Client(String id, String secret) {
        @Override
        public String toString() {
            return "Client[" + id + "]";
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String body; // null: larger than allowed
        try {
            body = FormBody.read(request, MAX_BODY_BYTES);
        } catch (IOException e) {
            refuse(response, callback, new TokenExchange.Refused(400, "invalid_request", "the body could not be read"));
            return true;
        }
        if (body == null || !FormBody.isForm(request)) {
            refuse(response, callback, TokenExchange.Refused.of("invalid_request", body == null
                    ? "the form is larger than " + MAX_BODY_BYTES + " bytes"
                    : "send the request as application/x-www-form-urlencoded"));
            return true;
        }
        FormBody form;
        Client client;
        TokenExchange.Request params;
        try {
            form = FormBody.parse(body);
            client = client(request.getHeaders().get(HttpHeader.AUTHORIZATION), form);
            params = new TokenExchange.Request(form.single("grant_type"), form.single("subject_token"),
                    form.single("subject_token_type"), form.single("requested_token_type"), form.single("audience"),
                    form.single("resource"), form.single("actor_token"));
        } catch (FormBody.InvalidFormException e) {
            refuse(response, callback, TokenExchange.Refused.of("invalid_request", e.getMessage()));
            return true;
        }
        if (client == null) {
            refuse(response, callback, new TokenExchange.Refused(401, "invalid_client", "authenticate as the add-in: "
                    + "HTTP Basic, or client_id and client_secret in the form, with the secret 'ewstoken apps secret' made"));
            return true;
        }
        String clientId = client.id().toLowerCase(Locale.ROOT);
        // Its own budget (a throttle of its own, keyed like an account name): never shared with a mailbox's.
        UserThrottle.Admission admission = throttle.admit(clientId + "@client");
        if (admission instanceof UserThrottle.Busy busy) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Math.max(1, (busy.backOff().toMillis() + 999) / 1000));
            refuse(response, callback, new TokenExchange.Refused(429, "temporarily_unavailable",
                    "too many requests from this client: retry later"));
            return true;
        }
        try (UserThrottle.Permit ignored = ((UserThrottle.Admitted) admission).permit()) {
            if (!exchange.authenticates(clientId, client.secret())) {
                refuse(response, callback, new TokenExchange.Refused(401, "invalid_client",
                        "the client id or secret is wrong"));
                return true;
            }
            answer(response, callback, exchange.exchange(clientId, params));
        }
        return true;
    }

    /** The client's id and secret from exactly one method; null if none or malformed (answered invalid_client). */
    private static Client client(String authorization, FormBody form) throws FormBody.InvalidFormException {
        String formId = form.single("client_id");
        String formSecret = form.single("client_secret");
        Client client;
        if (authorization != null) {
            if (formSecret != null) throw new FormBody.InvalidFormException("authenticate with one method: HTTP Basic "
                    + "or client_secret in the form, not both");
            client = basic(authorization);
            if (client != null && formId != null && !formId.equalsIgnoreCase(client.id())) return null;
        } else {
            client = formId == null || formSecret == null ? null : new Client(formId, formSecret);
        }
        return client != null && CLIENT_ID.matcher(client.id()).matches() && !client.secret().isEmpty() ? client : null;
    }

    /** RFC 6749 §2.3.1: id and secret form-urlencoded, then joined by a colon, then base64. */
    private static Client basic(String authorization) {
        if (authorization.length() > 4096 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) return null;
            return new Client(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void answer(Response response, Callback callback, TokenExchange.Outcome outcome) {
        if (outcome instanceof TokenExchange.Refused refused) {
            refuse(response, callback, refused);
            return;
        }
        TokenExchange.Granted granted = (TokenExchange.Granted) outcome;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", granted.token().value());
        body.put("issued_token_type", TokenExchange.ACCESS_TOKEN);
        body.put("token_type", "Bearer");
        body.put("expires_in", granted.expiresIn());
        HttpResponses.uncachedJson(response, callback, 200, body);
    }

    private static void refuse(Response response, Callback callback, TokenExchange.Refused refused) {
        if (refused.status() == 401) response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", refused.error());
        body.put("error_description", describable(refused.description()));
        HttpResponses.uncachedJson(response, callback, refused.status(), body);
    }

    /** RFC 6749 §5.2 allows printable ASCII without '"' and '\\' in a description. */
    private static String describable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c == '"' ? '\'' : c == '\\' || c < 0x20 || c > 0x7e ? '?' : c);
        }
        return out.toString();
    }
}
