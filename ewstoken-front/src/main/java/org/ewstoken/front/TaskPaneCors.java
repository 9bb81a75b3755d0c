package org.ewstoken.front;

import java.time.Duration;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.http.Route;
import org.ewstoken.server.http.RouteCall;

/**
 * CORS for add-in task panes on {@code /EWS/Exchange.asmx} (docs/front.md, "CORS for task panes"): a page of an
 * installed, enabled add-in ({@link AddInOrigins}) may {@code fetch} EWS with a callback token.
 * <ul>
 *   <li>a preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) from such an
 *       origin, asking for POST with at most {@code Authorization} and {@code Content-Type}, gets 204 and the grant;
 *       any other preflight gets 403 without CORS headers;</li>
 *   <li>an actual request from such an origin gets {@code Access-Control-Allow-Origin} only when it carries
 *       {@code Authorization: Bearer}: never {@code Access-Control-Allow-Credentials}, so a browser neither sends
 *       cookies or cached passwords on a task pane's behalf nor lets a page read what they would bring;</li>
 *   <li>whatever else answers (the upstream included) cannot add CORS headers of its own to a browser's request.</li>
 * </ul>
 * It is as non-blocking as what it wraps: a request without {@code Origin} passes on where it is, and so does one
 * whose origin is not asked about; asking (which may reload the add-ins' origins from the store) is done on the pool.
 */
final class TaskPaneCors implements Request.Handler {

    static final String ALLOW_HEADERS = "Authorization, Content-Type";
    /** How long a browser may keep a preflight's grant; Chromium caps it at 2 hours, an add-in removal is seen anyway. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final AddInOrigins origins;
    private final Request.Handler next;

    TaskPaneCors(AddInOrigins origins, Request.Handler next) {
        this.origins = origins;
        this.next = next;
    }

    @Override
    public InvocationType getInvocationType() {
        return next.getInvocationType();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null && !request.getMethod().equals("OPTIONS")) {
            return next.handle(request, response, callback); // not a browser's cross-origin request
        }
        boolean asks = request.getMethod().equals("OPTIONS")
                || EwsRouter.isBearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (!asks) return next.handle(request, new WithoutForeignCors(request, response), callback);
        if (!Route.isNonBlocking(this)) return browser(request, response, callback);
        RouteCall.onPool(this::browser, request, response, callback);
        return true;
    }

    /** A preflight, or a request with a callback token from a browser: the origin's answer decides. */
    private boolean browser(Request request, Response response, Callback callback) throws Exception {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (request.getMethod().equals("OPTIONS")) {
            preflight(request, response, callback, origin);
            return true;
        }
        if (origins.allows(origin)) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin.strip());
            response.getHeaders().add(HttpHeader.VARY, "Origin");
        }
        return next.handle(request, new WithoutForeignCors(request, response), callback);
    }

    private void preflight(Request request, Response response, Callback callback, String origin) {
        String method = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
        if (origin == null || method == null) {
            response.getHeaders().put(HttpHeader.ALLOW, "OPTIONS, POST");
            Answers.text(response, callback, 405, "405 Method Not Allowed: use POST.");
            return;
        }
        String headers = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
        if (!method.strip().equals("POST") || !onlyAllowedHeaders(headers) || !origins.allows(origin)) {
            Answers.text(response, callback, 403, "403 Forbidden: this origin may not call EWS from a browser.");
            return;
        }
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin.strip());
        h.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "POST");
        h.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
        h.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, MAX_AGE.toSeconds());
        h.put(HttpHeader.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        h.put(HttpHeader.CACHE_CONTROL, "private, no-store");
        response.setStatus(204);
        callback.succeeded();
    }

    /** Browsers list the non-safelisted request headers, lower case and comma separated. */
    static boolean onlyAllowedHeaders(String requested) {
        if (requested == null || requested.isBlank()) return true;
        for (String h : requested.split(",")) {
            String name = h.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.equals("authorization") && !name.equals("content-type")) return false;
        }
        return true;
    }

    /** The response as later handlers see it: any {@code Access-Control-*} header they add is dropped. */
    private static final class WithoutForeignCors extends Response.Wrapper {
        private final HttpFields.Mutable headers;

        WithoutForeignCors(Request request, Response response) {
            super(request, response);
            this.headers = new HttpFields.Mutable.Wrapper(response.getHeaders()) {
                @Override
                public HttpField onAddField(HttpField field) {
                    return isCors(field) ? null : field;
                }

                @Override
                public HttpField onReplaceField(HttpField old, HttpField field) {
                    return isCors(field) ? old : field;
                }
            };
        }

        private static boolean isCors(HttpField field) {
            return field.getName().regionMatches(true, 0, "Access-Control-", 0, 15);
        }

        @Override
        public HttpFields.Mutable getHeaders() {
            return headers;
        }
    }
}
