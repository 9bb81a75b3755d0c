package org.ewstoken.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * One entry of the {@link RouteTable}: a path (exact, a template, or a prefix), the methods it answers, the
 * fixed name its requests are counted under in the metrics, and the handler.
 *
 * @param path    lower case, starting with {@code /}; matched case-insensitively, as IIS matches Exchange's
 *                virtual directories. A path with {@code {name}} segments is a template: each such segment
 *                matches one non-empty segment, handed to the handler decoded ({@link RouteTable#PARAMS_ATTRIBUTE})
 * @param prefix  whether every path starting with {@code path} belongs to this route
 * @param methods the methods answered (GET implies HEAD); empty for any method, the handler checking itself
 * @param metric  the metrics label: a fixed name, never the path a client chose
 * @param handler answers the request; it is called only for a matching path and method, on the selector thread
 *                that read the request if it declares itself non-blocking ({@link #nonBlocking(Request.Handler)}),
 *                else on a thread of the server's pool ({@link RouteCall})
 */
public record Route(String path, boolean prefix, Set<String> methods, String metric, Request.Handler handler) {

    public Route {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) throw new IllegalArgumentException("a route path starts with /: " + path);
        path = path.toLowerCase(Locale.ROOT);
        TreeSet<String> m = new TreeSet<>();
        for (String method : methods) m.add(method.toUpperCase(Locale.ROOT));
        if (m.contains("GET")) m.add("HEAD");
        methods = Set.copyOf(m);
        Objects.requireNonNull(metric, "metric");
        if (!metric.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("metric names are [a-z0-9_]: " + metric);
        Objects.requireNonNull(handler, "handler");
    }

    /** An exact path. */
    public static Route exact(String path, String metric, Request.Handler handler, String... methods) {
        return new Route(path, false, Set.of(methods), metric, handler);
    }

    /** Every path starting with {@code path} (e.g. {@code /api/admin/}); the longest matching prefix wins. */
    public static Route prefix(String path, String metric, Request.Handler handler, String... methods) {
        return new Route(path, true, Set.of(methods), metric, handler);
    }

    /**
     * A handler that declares it never blocks: it reads and writes only with callbacks and waits on no lock, store,
     * directory or upstream, so it runs on the selector thread that read the request, without a hand-off. What it
     * cannot answer so it passes on with {@link RouteCall#call}. A handler's own {@code getInvocationType} may say so
     * too; a lambda (Jetty's default) is blocking.
     */
    public static Request.Handler nonBlocking(Request.Handler handler) {
        Objects.requireNonNull(handler, "handler");
        return new Request.Handler() {
            @Override
            public boolean handle(Request request, org.eclipse.jetty.server.Response response,
                                  org.eclipse.jetty.util.Callback callback) throws Exception {
                return handler.handle(request, response, callback);
            }

            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        };
    }

    /** Whether {@code handler} declared it never blocks. */
    public static boolean isNonBlocking(Invocable handler) {
        return handler.getInvocationType() == Invocable.InvocationType.NON_BLOCKING;
    }

    /** Whether this route's handler runs on the selector thread ({@link #nonBlocking(Request.Handler)}). */
    public boolean nonBlocking() {
        return isNonBlocking(handler);
    }

    boolean allows(String method) {
        return methods.isEmpty() || methods.contains(method);
    }

    /** A prefix matches on segment boundaries: {@code /mapi} takes {@code /mapi} and {@code /mapi/x}, not {@code /mapix}. */
    boolean matches(String lowerPath) {
        if (!prefix) return lowerPath.equals(path);
        return lowerPath.startsWith(path) && (path.endsWith("/") || lowerPath.length() == path.length()
                || lowerPath.charAt(path.length()) == '/');
    }

    /** Whether this is a template ({@code /users/{smtp}}). */
    boolean template() {
        return !prefix && path.indexOf('{') >= 0;
    }

    /** A template's parameters from a path it matches (values decoded, case kept), else null. */
    Map<String, String> params(String rawPath) {
        String[] t = path.split("/", -1);
        String[] p = rawPath.split("/", -1);
        if (t.length != p.length) return null;
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{")) {
                if (p[i].isEmpty()) return null;
                params.put(t[i].substring(1, t[i].length() - 1), URLDecoder.decode(p[i], StandardCharsets.UTF_8));
            } else if (!t[i].equalsIgnoreCase(p[i])) {
                return null;
            }
        }
        return params;
    }

    /** The same route around another handler (see {@link RouteTable.Builder#wrap}). */
    Route wrapped(UnaryOperator<Request.Handler> wrapper, String... moreMethods) {
        Set<String> all = methods;
        if (moreMethods.length > 0 && !methods.isEmpty()) {
            all = new TreeSet<>(methods);
            all.addAll(Set.of(moreMethods));
        }
        return new Route(path, prefix, all, metric, Objects.requireNonNull(wrapper.apply(handler), "wrapped handler"));
    }

    /** What an Allow header says. */
    String allowHeader() {
        return String.join(", ", new TreeSet<>(methods));
    }
}
