package org.ewstoken.server.console;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.admin.AdminRefusal;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.identity.SignIn;
import org.ewstoken.server.identity.SignInRequest;
import org.ewstoken.server.identity.SignInResult;
import org.ewstoken.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console at /console and the admin API at /api/admin, one handler behind their two routes in the
 * route table. Decides who calls (a console session cookie, HTTP Basic behind the
 * sign-in methods and their throttle, or a bearer API key), that they are an administrator (else 403), and that every
 * state change made with a session carries its CSRF token.
 */
public final class ConsoleHandler implements Request.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    static final String CONSOLE = ServerUrls.CONSOLE;
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final Set<String> PAGES = Set.of("", "overview", "keys", "addins", "users", "audit", "playground");
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final AdminApi api;
    private final ConsoleSessions sessions;
    private final SignIn signIn;
    private final AdminServices admin;
    private final byte[] indexPage;
    private final byte[] loginPage;
    private final byte[] forbiddenPage;

    ConsoleHandler(AdminApi api, ConsoleSessions sessions, SignIn signIn, AdminServices admin) {
        this.api = api;
        this.sessions = sessions;
        this.signIn = signIn;
        this.admin = admin;
        this.indexPage = ConsoleAssets.read("index.html");
        this.loginPage = ConsoleAssets.read("login.html");
        this.forbiddenPage = ConsoleAssets.read("forbidden.html");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String lower = path.toLowerCase(Locale.ROOT);
        if (!isConsolePath(path)) return false; // e.g. /consolefoo: not ours, the table answers 404
        String crossSite = SAFE.contains(request.getMethod()) ? null : SameOrigin.crossSite(request);
        if (crossSite != null) {
            Web.problem(request, response, callback, 403, "Forbidden", "a request that changes something must come "
                    + "from the console itself; " + crossSite);
            return true;
        }
        try {
            if (lower.startsWith(AdminApi.PREFIX)) api(request, response, callback, path.substring(AdminApi.PREFIX.length()));
            else console(request, response, callback, lower.substring(CONSOLE.length()));
        } catch (RuntimeException e) {
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

    // ---- the admin API

    private void api(Request request, Response response, Callback callback, String subPath) {
        List<String> allowed = new ArrayList<>();
        var found = api.find(request.getMethod(), subPath.isEmpty() ? "/" : subPath, allowed);
        Optional<AdminApi.Caller> caller = authenticate(request, response, callback, true);
        if (caller.isEmpty()) return; // answered
        if (found.isEmpty()) {
            if (!allowed.isEmpty()) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
                Web.problem(request, response, callback, 405, "Method Not Allowed", request.getMethod()
                        + " is not allowed here; use " + String.join(", ", allowed));
            } else {
                Web.problem(request, response, callback, 404, "Not Found", "no admin API resource " + subPath);
            }
            return;
        }
        if (!SAFE.contains(request.getMethod()) && caller.get().session() != null
                && !caller.get().session().csrfMatches(request.getHeaders().get(CSRF_HEADER))) {
            Web.problem(request, response, callback, 403, "Forbidden", "a console request that changes something "
                    + "needs the session's CSRF token in the " + CSRF_HEADER + " header");
            return;
        }
        Object result;
        try {
            result = found.get().getKey().action().run(new AdminApi.Call(request, found.get().getValue(), caller.get()));
        } catch (Web.Problem p) {
            Web.problem(request, response, callback, p.status, p.title, p.getMessage());
            return;
        } catch (AdminRefusal r) {
            Web.problem(request, response, callback, r.kind().status(), switch (r.kind()) {
                case INVALID -> "Bad Request";
                case NOT_FOUND -> "Not Found";
                case CONFLICT -> "Conflict";
            }, r.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            Web.problem(request, response, callback, 400, "Bad Request", e.getMessage());
            return;
        } catch (StoreException e) {
            LOG.warn("admin API: store failure: {}", e.getMessage());
            Web.problem(request, response, callback, 503, "Service Unavailable", "the store failed; try again");
            return;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        AdminApi.answer(request, response, callback, result);
    }

    /**
     * The administrator calling, or empty with the answer sent: 401 without (good) credentials, 429
     * while locked out, 403 for a user who is not an administrator.
     */
    private Optional<AdminApi.Caller> authenticate(Request request, Response response, Callback callback, boolean api) {
        String remote = Request.getRemoteAddr(request);
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String user = null;
        boolean directoryAdmin = false;
        ConsoleSessions.Session session = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            user = admin.apiKeys().authenticate(authorization.substring(7).strip()).orElse(null);
            if (user == null) return refuse(request, response, callback, api, 401, "the API key is not valid");
        } else if (authorization != null) {
            SignInResult outcome = signIn.signIn(SignInRequest.of(authorization, remote));
            if (outcome instanceof SignInResult.LockedOut locked) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds(locked.retryAfter()));
                return refuse(request, response, callback, api, 429, "too many failed sign-ins: retry after "
                        + seconds(locked.retryAfter()) + " s");
            }
            if (outcome instanceof SignInResult.Unavailable down) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds(down.retryAfter()));
                return refuse(request, response, callback, api, 503, "sign-in is unavailable: " + down.reason());
            }
            if (!(outcome instanceof SignInResult.SignedIn ok)) {
                return refuse(request, response, callback, api, 401, "valid credentials are required");
            }
            user = ok.identity().smtpAddress();
            directoryAdmin = ok.identity().grants().administer();
        } else {
            session = sessionOf(request).orElse(null);
            if (session == null) {
                if (!api) {
                    Web.redirect(response, callback, CONSOLE + "/login");
                    return Optional.empty();
                }
                return refuse(request, response, callback, true, 401, "sign in to the console, or send Basic "
                        + "credentials or a bearer API key");
            }
            user = session.user();
            directoryAdmin = session.directoryAdmin();
        }
        if (!directoryAdmin && !admin.users().isAdmin(user)) {
            if (session != null) sessions.end(session.id());
            return refuse(request, response, callback, api, 403, user + " is not an administrator");
        }
        return Optional.of(new AdminApi.Caller(user, remote, session));
    }

    private Optional<AdminApi.Caller> refuse(Request request, Response response, Callback callback, boolean api,
                                             int status, String detail) {
        if (status == 401) response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"ewstoken admin\"");
        if (api) {
            Web.problem(request, response, callback, status, switch (status) {
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 503 -> "Service Unavailable";
                default -> "Too Many Requests";
            }, detail);
        } else if (status == 403) {
            Web.send(response, callback, 403, Web.HTML, forbiddenPage);
        } else {
            Web.redirect(response, callback, CONSOLE + "/login?error=" + (status == 429 ? "locked"
                    : status == 503 ? "unavailable" : "invalid"));
        }
        return Optional.empty();
    }

    // ---- the console's pages

    private void console(Request request, Response response, Callback callback, String sub) {
        String method = request.getMethod();
        if (sub.isEmpty()) {
            Web.redirect(response, callback, CONSOLE + "/");
            return;
        }
        if (sub.startsWith("/assets/")) {
            String name = sub.substring("/assets/".length());
            String type = ConsoleAssets.TYPES.get(name);
            if (type == null || !(method.equals("GET") || method.equals("HEAD"))) {
                Web.send(response, callback, 404, "text/plain; charset=utf-8", "404 Not Found.\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            Web.send(response, callback, 200, type, ConsoleAssets.read(name));
            return;
        }
        if (sub.equals("/login")) {
            if (method.equals("POST")) login(request, response, callback);
            else Web.send(response, callback, 200, Web.HTML, loginPage);
            return;
        }
        if (sub.equals("/logout") && method.equals("POST")) {
            logout(request, response, callback);
            return;
        }
        String page = sub.substring(1);
        if (!PAGES.contains(page) || !(method.equals("GET") || method.equals("HEAD"))) {
            Web.send(response, callback, 404, "text/plain; charset=utf-8", "404 Not Found.\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (authenticate(request, response, callback, false).isEmpty()) return;
        Web.send(response, callback, 200, Web.HTML, indexPage);
    }

    /** The sign-in form: the same throttle and lockouts as every Basic sign-in. */
    private void login(Request request, Response response, Callback callback) {
        Fields form = ConsoleForm.read(request);
        if (form == null) {
            Web.redirect(response, callback, CONSOLE + "/login?error=invalid");
            return;
        }
        String user = form.getValue("username");
        String password = form.getValue("password");
        if (user == null || password == null || user.isBlank() || user.length() > 256 || password.length() > 1024) {
            Web.redirect(response, callback, CONSOLE + "/login?error=invalid");
            return;
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((user.strip() + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        SignInResult outcome = signIn.signIn(SignInRequest.of(basic, Request.getRemoteAddr(request)));
        if (outcome instanceof SignInResult.LockedOut) {
            Web.redirect(response, callback, CONSOLE + "/login?error=locked");
            return;
        }
        if (outcome instanceof SignInResult.Unavailable) {
            Web.redirect(response, callback, CONSOLE + "/login?error=unavailable");
            return;
        }
        if (!(outcome instanceof SignInResult.SignedIn ok)) {
            Web.redirect(response, callback, CONSOLE + "/login?error=invalid");
            return;
        }
        String smtp = ok.identity().smtpAddress();
        boolean directoryAdmin = ok.identity().grants().administer();
        if (!directoryAdmin && !admin.users().isAdmin(smtp)) {
            Web.send(response, callback, 403, Web.HTML, forbiddenPage);
            return;
        }
        ConsoleSessions.Session session = sessions.create(smtp, directoryAdmin);
        Response.addCookie(response, cookie(request, session.id(), ConsoleSessions.ABSOLUTE));
        Web.redirect(response, callback, CONSOLE + "/overview");
    }

    private void logout(Request request, Response response, Callback callback) {
        Optional<ConsoleSessions.Session> session = sessionOf(request);
        Fields form = ConsoleForm.read(request);
        String token = form == null ? null : form.getValue("csrf");
        if (session.isPresent() && session.get().csrfMatches(token)) {
            sessions.end(session.get().id());
            Response.addCookie(response, cookie(request, "", Duration.ZERO));
        }
        Web.redirect(response, callback, CONSOLE + "/login");
    }

    private Optional<ConsoleSessions.Session> sessionOf(Request request) {
        List<HttpCookie> cookies = Request.getCookies(request);
        for (HttpCookie c : cookies) {
            if (c.getName().equals(cookieName(request))) return sessions.find(c.getValue());
        }
        return Optional.empty();
    }

    /** __Host- over TLS: the browser then insists on Secure, Path=/ and no Domain. */
    private static String cookieName(Request request) {
        return request.isSecure() ? "__Host-ewstoken-console" : "ewstoken-console";
    }

    private static HttpCookie cookie(Request request, String value, Duration maxAge) {
        return HttpCookie.build(cookieName(request), value)
                .path("/")
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite(HttpCookie.SameSite.STRICT)
                .maxAge(maxAge.toSeconds())
                .build();
    }

    private static String seconds(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }

    /** For tests: the routes the API serves. */
    List<AdminApi.Route> routes() {
        return api.routeTable();
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
