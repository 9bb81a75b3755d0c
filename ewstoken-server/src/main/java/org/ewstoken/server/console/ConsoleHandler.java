package org.ewstoken.server.console;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.http.Route;
import org.ewstoken.server.http.RouteTable;
import org.ewstoken.server.http.ServerUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console at /console and the admin API at /api/admin, one handler behind their two routes in the
 * listener's table. The console's pages are rows of a {@link RouteTable} of their own ({@link #pages});
 * the API's are {@link AdminRoutes}. Who calls is decided by {@link ConsoleSignIn}; every state change made
 * with a session carries its CSRF token.
 */
public final class ConsoleHandler implements Request.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    static final String CONSOLE = ServerUrls.CONSOLE;
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The single-page console's views, each served the same page. */
    static final Set<String> PAGES = Set.of("", "overview", "keys", "addins", "users", "audit", "playground");
    private static final byte[] NOT_FOUND = "404 Not Found.\n".getBytes(StandardCharsets.UTF_8);

    private final AdminApi api;
    private final ConsoleSignIn signIn;
    private final RouteTable pages;
    private final byte[] indexPage = ConsoleAssets.read("index.html");
    private final byte[] loginPage = ConsoleAssets.read("login.html");

    ConsoleHandler(AdminApi api, ConsoleSignIn signIn) {
        this.api = api;
        this.signIn = signIn;
        this.pages = pages();
    }

    /** The console's pages; anything else below /console, or another method, is 404. */
    private RouteTable pages() {
        RouteTable.Builder t = new RouteTable.Builder();
        t.add(page(CONSOLE, (q, s, c) -> Web.redirect(s, c, CONSOLE + "/")));
        t.add(page(CONSOLE + "/assets/", true, this::asset, "GET"));
        t.add(page(CONSOLE + "/login", false, (q, s, c) -> Web.send(s, c, 200, Web.HTML, loginPage), "GET"));
        t.add(page(CONSOLE + "/login", false, signIn::login, "POST"));
        t.add(page(CONSOLE + "/logout", false, signIn::logout, "POST"));
        for (String view : PAGES) {
            t.add(page(CONSOLE + "/" + view, false, (q, s, c) -> {
                if (signIn.caller(q, s, c, false).isPresent()) Web.send(s, c, 200, Web.HTML, indexPage);
            }, "GET"));
        }
        return t.build();
    }

    @FunctionalInterface
    private interface Page {
        void answer(Request request, Response response, Callback callback);
    }

    private static Route page(String path, Page page) {
        return page(path, false, page);
    }

    private static Route page(String path, boolean prefix, Page page, String... methods) {
        Request.Handler handler = (request, response, callback) -> {
            page.answer(request, response, callback);
            return true;
        };
        return prefix ? Route.prefix(path, "console", handler, methods) : Route.exact(path, "console", handler, methods);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String lower = path.toLowerCase(Locale.ROOT);
        if (!isConsolePath(path)) return false; // e.g. /consolefoo: not ours, the table answers 404
        String crossSite = AdminApi.SAFE.contains(request.getMethod()) ? null : SameOrigin.crossSite(request);
        if (crossSite != null) {
            Web.problem(request, response, callback, 403, "Forbidden", "a request that changes something must come "
                    + "from the console itself; " + crossSite);
            return true;
        }
        try {
            if (lower.startsWith(AdminApi.PREFIX)) {
                api.handle(request, response, callback, path.substring(AdminApi.PREFIX.length()));
                return true;
            }
            RouteTable.Lookup found = pages.lookup(request.getMethod(), path);
            if (found.found()) found.route().handler().handle(request, response, callback);
            else Web.send(response, callback, 404, "text/plain; charset=utf-8", NOT_FOUND);
        } catch (Exception e) {
            LOG.error("unexpected failure answering {} {}: {}", request.getMethod(), lower, e.toString());
            if (!response.isCommitted()) {
                Web.problem(request, response, callback, 500, "Internal Server Error", "the server failed; see its log");
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    /** /console, /console/…, /api/admin, /api/admin/… in any case. */
    static boolean isConsolePath(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.equals(CONSOLE) || lower.startsWith(CONSOLE + "/") || lower.equals(AdminApi.PREFIX)
                || lower.startsWith(AdminApi.PREFIX + "/");
    }

    private void asset(Request request, Response response, Callback callback) {
        String name = Request.getPathInContext(request).toLowerCase(Locale.ROOT).substring((CONSOLE + "/assets/").length());
        String type = ConsoleAssets.TYPES.get(name);
        if (type == null) {
            Web.send(response, callback, 404, "text/plain; charset=utf-8", NOT_FOUND);
            return;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        Web.send(response, callback, 200, type, ConsoleAssets.read(name));
    }
}
