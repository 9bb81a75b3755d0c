package org.ewstoken.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one table type of what this server answers: exact paths first, then templates ({@code /users/{smtp}}) in
 * the order added, then the longest matching prefix, all compared case-insensitively. A path may have several
 * routes with different methods. A matching path with another method gets 405 with Allow. Nothing matching
 * is "not mine" ({@code false}), so that {@link #withNotFound} (or whatever follows) answers. A handler that
 * answers in its own form (the admin API's problem documents) asks {@link #lookup} instead.
 *
 * <p>The matched route's metric name is left on the request ({@link #METRIC_ATTRIBUTE}) for the
 * metrics handler, so that paths are listed here and nowhere else. Every answer gets
 * {@code X-Content-Type-Options: nosniff}: none of this server's bodies is meant to be sniffed.
 *
 * <p>The table itself never blocks, so Jetty runs it on the selector thread that read the request; a route that
 * declared itself non-blocking ({@link Route#nonBlocking(Request.Handler)}) is answered right there, any other is
 * handed to the server's thread pool ({@link RouteCall}).
 */
public final class RouteTable extends Handler.Abstract {

    /** The request attribute holding the matched route's metric name. */
    public static final String METRIC_ATTRIBUTE = "org.ewstoken.route.metric";
    /** The metric name of requests no route matched. */
    public static final String UNMATCHED = "other";
    /** The request attribute holding a template route's parameters ({@code Map<String, String>}). */
    public static final String PARAMS_ATTRIBUTE = "org.ewstoken.route.params";

    /**
     * Headers a request may carry once only. Two Authorization headers are a request whose meaning
     * depends on which one a component reads (a proxy the last, Jetty's getter the first), so such a
     * request is refused outright rather than served on one of them; the same for the others.
     */
    private static final List<String> SINGLE = List.of("Authorization", "Proxy-Authorization", "Content-Type",
            "SOAPAction", "Host", "Content-Length", "Transfer-Encoding");

    private final Map<String, List<Route>> exact;
    private final List<Route> templates;
    /** Longest first, so the first match is the most specific. */
    private final List<Route> prefixes;
    private final List<Route> all;

    private RouteTable(List<Route> routes) {
        super(InvocationType.NON_BLOCKING);
        Map<String, List<Route>> exact = new LinkedHashMap<>();
        List<Route> templates = new ArrayList<>();
        List<Route> prefixes = new ArrayList<>();
        for (Route r : routes) {
            if (r.prefix()) prefixes.add(r);
            else if (r.template()) templates.add(r);
            else exact.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(r);
        }
        prefixes.sort((a, b) -> Integer.compare(b.path().length(), a.path().length()));
        exact.replaceAll((k, v) -> List.copyOf(v));
        this.exact = Map.copyOf(exact);
        this.templates = List.copyOf(templates);
        this.prefixes = List.copyOf(prefixes);
        this.all = List.copyOf(routes);
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

    /** Every route, in the order added. */
    public List<Route> routes() {
        return all;
    }

    /**
     * What this table says about a request.
     *
     * @param route   the route that answers; with {@code allowed} set, the first route of the path (for its metric)
     * @param params  a template route's parameters
     * @param allowed when the path has routes but none for this method: the methods it allows (405)
     */
    public record Lookup(Route route, Map<String, String> params, Set<String> allowed) {
        static final Lookup NOTHING = new Lookup(null, Map.of(), Set.of());

        /** A route answers this method at this path. */
        public boolean found() {
            return route != null && allowed.isEmpty();
        }

        /** The path is here, the method is not (405). */
        public boolean wrongMethod() {
            return !allowed.isEmpty();
        }
    }

    /** The route for a method and a path (as sent, not decoded); exact paths and templates before prefixes. */
    public Lookup lookup(String method, String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        Set<String> allowed = new TreeSet<>();
        Route first = null;
        for (Route r : exact.getOrDefault(lower, List.of())) {
            if (r.allows(method)) return new Lookup(r, Map.of(), Set.of());
            if (first == null) first = r;
            allowed.addAll(r.methods());
        }
        for (Route r : templates) {
            Map<String, String> params = r.params(path);
            if (params == null) continue;
            if (r.allows(method)) return new Lookup(r, params, Set.of());
            if (first == null) first = r;
            allowed.addAll(r.methods());
        }
        if (first != null) return new Lookup(first, Map.of(), allowed);
        for (Route r : prefixes) {
            if (r.matches(lower)) return new Lookup(r, Map.of(), r.allows(method) ? Set.of() : r.methods());
        }
        return Lookup.NOTHING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        String repeated = repeatedSingleHeader(request);
        if (repeated != null) {
            HttpResponses.text(response, callback, 400, "400 Bad Request: the " + repeated + " header may appear once only.");
            return true;
        }
        String method = request.getMethod();
        Lookup found = lookup(method, Request.getPathInContext(request));
        if (found.route() == null) return false;
        Route route = found.route();
        request.setAttribute(METRIC_ATTRIBUTE, route.metric());
        if (found.wrongMethod()) {
            String allow = String.join(", ", found.allowed());
            response.getHeaders().put(HttpHeader.ALLOW, allow);
            HttpResponses.text(response, callback, 405, "405 Method Not Allowed: use " + allow + ".");
            return true;
        }
        if (!found.params().isEmpty()) request.setAttribute(PARAMS_ATTRIBUTE, found.params());
        RouteCall.call(route.handler(), request, response, callback);
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
        private final List<Route> routes = new ArrayList<>();

        /**
         * Adds a route; a path (exact or prefix) may be taken once per method. The same route added again is kept
         * once: a route two audiences share ({@code /healthz}) lands once in a table that serves both.
         */
        public Builder add(Route route) {
            for (Route taken : routes) {
                if (taken == route) return this;
                if (taken.prefix() == route.prefix() && taken.path().equals(route.path()) && overlap(taken, route)) {
                    throw new IllegalStateException("two routes for " + (route.prefix() ? "the prefix " : "") + route.path());
                }
            }
            routes.add(route);
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
         * front does this to the EWS endpoint: it answers the operations it proxies and passes the rest on);
         * {@code moreMethods} are answered too, by the wrapper (the front's CORS preflight: OPTIONS).
         */
        public Builder wrap(String exactPath, UnaryOperator<Request.Handler> wrapper, String... moreMethods) {
            String path = Route.exact(exactPath, UNMATCHED, (q, s, c) -> false).path();
            boolean wrapped = false;
            for (int i = 0; i < routes.size(); i++) {
                Route r = routes.get(i);
                if (!r.prefix() && r.path().equals(path)) {
                    routes.set(i, r.wrapped(wrapper, moreMethods));
                    wrapped = true;
                }
            }
            if (!wrapped) throw new IllegalStateException("no route " + exactPath + " to wrap");
            return this;
        }

        public RouteTable build() {
            return new RouteTable(routes);
        }

        private static boolean overlap(Route a, Route b) {
            if (a.methods().isEmpty() || b.methods().isEmpty()) return true;
            for (String m : a.methods()) if (b.methods().contains(m)) return true;
            return false;
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
