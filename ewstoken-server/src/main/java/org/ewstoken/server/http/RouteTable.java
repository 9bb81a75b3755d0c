package org.ewstoken.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table of what this server answers: exact paths first, then the longest matching prefix, all
 * compared case-insensitively. A matching path with another method gets 405 with Allow. Nothing
 * matching is "not mine" ({@code false}), so that {@link #withNotFound} (or whatever follows) answers.
 *
 * <p>The matched route's metric name is left on the request ({@link #METRIC_ATTRIBUTE}) for the
 * metrics handler, so that paths are listed here and nowhere else. Every answer gets
 * {@code X-Content-Type-Options: nosniff}: none of this server's bodies is meant to be sniffed.
 */
public final class RouteTable extends Handler.Abstract {

    /** The request attribute holding the matched route's metric name. */
    public static final String METRIC_ATTRIBUTE = "org.ewstoken.route.metric";
    /** The metric name of requests no route matched. */
    public static final String UNMATCHED = "other";

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
    /**
     * Headers a request may carry once only. Two Authorization headers are a request whose meaning
     * depends on which one a component reads (a proxy the last, Jetty's getter the first), so such a
     * request is refused outright rather than served on one of them; the same for the others.
     */
    private static final List<String> SINGLE = List.of("Authorization", "Proxy-Authorization", "Content-Type",
            "SOAPAction", "Host", "Content-Length", "Transfer-Encoding");

    private final Map<String, Route> exact;
    /** Longest first, so the first match is the most specific. */
    private final List<Route> prefixes;

    private RouteTable(Map<String, Route> exact, List<Route> prefixes) {
        this.exact = Map.copyOf(exact);
        this.prefixes = List.copyOf(prefixes);
    }

    /** The table the route contributions fill, in order. */
    public static RouteTable of(List<? extends HttpFeature> features) {
        Builder b = new Builder();
        for (HttpFeature f : features) f.addRoutes(b);
        return b.build();
    }

    /** This table followed by the final handler that answers 404 to what no route took. */
    public Handler withNotFound() {
        return new Handler.Sequence(this, new NotFound());
    }

    /** The route of a path, or null. */
    Route match(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        Route r = exact.get(lower);
        if (r != null) return r;
        for (Route p : prefixes) if (p.matches(lower)) return p;
        return null;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        String repeated = repeatedSingleHeader(request);
        if (repeated != null) {
            HttpResponses.text(response, callback, 400, "400 Bad Request: the " + repeated + " header may appear once only.");
            return true;
        }
        Route route = match(Request.getPathInContext(request));
        if (route == null) return false;
        request.setAttribute(METRIC_ATTRIBUTE, route.metric());
        String method = request.getMethod();
        if (!route.allows(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, route.allowHeader());
            HttpResponses.text(response, callback, 405, "405 Method Not Allowed: use " + route.allowHeader() + ".");
            return true;
        }
        try {
            if (!route.handler().handle(request, response, callback)) {
                HttpResponses.text(response, callback, 404, "404 Not Found.");
            }
        } catch (Exception e) {
            // The route's name, never the path: the client chose that.
            LOG.error("unexpected failure answering {} on route {}: {}", method, route.metric(), e.toString());
            if (!response.isCommitted()) {
                HttpResponses.text(response, callback, 500, "500 Internal Server Error.");
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    private static String repeatedSingleHeader(Request request) {
        // One pass over the headers (this runs for every request), then the first repeated one in SINGLE's order.
        int seen = 0;
        int repeated = 0;
        for (org.eclipse.jetty.http.HttpField field : request.getHeaders()) {
            int i = singleIndex(field.getName());
            if (i < 0) continue;
            int bit = 1 << i;
            if ((seen & bit) != 0) repeated |= bit;
            seen |= bit;
        }
        return repeated == 0 ? null : SINGLE.get(Integer.numberOfTrailingZeros(repeated));
    }

    private static int singleIndex(String name) {
        for (int i = 0; i < SINGLE.size(); i++) {
            if (SINGLE.get(i).equalsIgnoreCase(name)) return i;
        }
        return -1;
    }

    /** Where the features add their routes. */
    public static final class Builder {
        private final LinkedHashMap<String, Route> routes = new LinkedHashMap<>();

        /**
         * Adds a route; a path (exact or prefix) may be taken once. The same route added again is kept once:
         * a route two audiences share ({@code /healthz}) lands once in a table that serves both.
         */
        public Builder add(Route route) {
            String key = key(route);
            Route taken = routes.putIfAbsent(key, route);
            if (taken != null && taken != route) {
                throw new IllegalStateException("two routes for " + (route.prefix() ? "the prefix " : "") + route.path());
            }
            return this;
        }

        public Builder exact(String path, String metric, Request.Handler handler, String... methods) {
            return add(Route.exact(path, metric, handler, methods));
        }

        public Builder prefix(String path, String metric, Request.Handler handler, String... methods) {
            return add(Route.prefix(path, metric, handler, methods));
        }

        /**
         * Puts a handler around an existing exact route's, keeping its path, methods and metric (the
         * front does this to the EWS endpoint: it answers the operations it proxies and passes the rest on).
         */
        public Builder wrap(String exactPath, UnaryOperator<Request.Handler> wrapper) {
            Route route = routes.get(key(Route.exact(exactPath, UNMATCHED, (q, s, c) -> false)));
            if (route == null) throw new IllegalStateException("no route " + exactPath + " to wrap");
            routes.put(key(route), route.wrapped(wrapper));
            return this;
        }

        public RouteTable build() {
            Map<String, Route> exact = new LinkedHashMap<>();
            List<Route> prefixes = new ArrayList<>();
            for (Route r : routes.values()) {
                if (r.prefix()) prefixes.add(r);
                else exact.put(r.path(), r);
            }
            prefixes.sort((a, b) -> Integer.compare(b.path().length(), a.path().length()));
            return new RouteTable(exact, prefixes);
        }

        private static String key(Route r) {
            return (r.prefix() ? "prefix " : "exact ") + r.path();
        }
    }

    /** The last handler: what no route took is not here. */
    static final class NotFound extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            HttpResponses.text(response, callback, 404, "404 Not Found.");
            return true;
        }
    }
}
