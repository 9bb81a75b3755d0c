package org.ewstoken.server.console;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.http.SignInAnswer;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.SignIn;
import org.ewstoken.server.identity.SignInRequest;
import org.ewstoken.server.identity.SignInResult;

/**
 * Who calls the console and the admin API, through the server's sign-in interface: a console session cookie,
 * an API key ({@link ApiKeyMethod}, asked first), or any other credentials the server's methods take (HTTP
 * Basic behind the failed sign-in throttle); the sign-in form's name and password go to the same methods.
 * Refusals are {@link SignInAnswer}s, shown as problem documents (API) or the sign-in page (console); a
 * caller who is not an administrator gets 403.
 */
final class ConsoleSignIn {

    private static final String LOGIN = ServerUrls.CONSOLE + "/login";

    private final SignIn signIn;
    private final ApiKeyMethod apiKeys;
    private final ConsoleSessions sessions;
    private final AdminServices admin;
    private final byte[] forbiddenPage = ConsoleAssets.read("forbidden.html");

    ConsoleSignIn(SignIn signIn, ConsoleSessions sessions, AdminServices admin) {
        this.signIn = signIn;
        this.apiKeys = new ApiKeyMethod(admin.apiKeys());
        this.sessions = sessions;
        this.admin = admin;
    }

    /** The administrator calling, or empty with the answer sent. */
    Optional<AdminApi.Caller> caller(Request request, Response response, Callback callback, boolean api) {
        String remote = Request.getRemoteAddr(request);
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null) {
            SignInRequest asked = SignInRequest.of(authorization, remote);
            SignInResult outcome = apiKeys.signIn(asked);
            if (outcome instanceof SignInResult.NotMine) outcome = signIn.signIn(asked);
            if (!(outcome instanceof SignInResult.SignedIn ok)) {
                return refuse(request, response, callback, api, SignInAnswer.of(outcome, List.of(ApiKeyMethod.CHALLENGE)));
            }
            return admitted(request, response, callback, api, ok.identity(), remote, null);
        }
        ConsoleSessions.Session session = sessionOf(request).orElse(null);
        if (session == null) {
            if (!api) {
                Web.redirect(response, callback, LOGIN);
                return Optional.empty();
            }
            return refuse(request, response, callback, true, new SignInAnswer(401, List.of(ApiKeyMethod.CHALLENGE),
                    Optional.empty(), "Sign in to the console, or send Basic credentials or a bearer API key"));
        }
        if (!session.directoryAdmin() && !admin.users().isAdmin(session.user())) {
            sessions.end(session.id());
            return forbidden(request, response, callback, api, session.user());
        }
        return Optional.of(new AdminApi.Caller(session.user(), remote, session));
    }

    private Optional<AdminApi.Caller> admitted(Request request, Response response, Callback callback, boolean api,
                                               Identity identity, String remote, ConsoleSessions.Session session) {
        if (!identity.grants().administer() && !admin.users().isAdmin(identity.smtpAddress())) {
            return forbidden(request, response, callback, api, identity.smtpAddress());
        }
        return Optional.of(new AdminApi.Caller(identity.smtpAddress(), remote, session));
    }

    private Optional<AdminApi.Caller> refuse(Request request, Response response, Callback callback, boolean api,
                                             SignInAnswer answer) {
        answer.headers(request, response);
        if (api) {
            Web.problem(request, response, callback, answer.status(), switch (answer.status()) {
                case 401 -> "Unauthorized";
                case 503 -> "Service Unavailable";
                default -> "Too Many Requests";
            }, answer.detail());
        } else {
            Web.redirect(response, callback, loginError(answer));
        }
        return Optional.empty();
    }

    private Optional<AdminApi.Caller> forbidden(Request request, Response response, Callback callback, boolean api,
                                                String user) {
        if (api) Web.problem(request, response, callback, 403, "Forbidden", user + " is not an administrator");
        else Web.send(response, callback, 403, Web.HTML, forbiddenPage);
        return Optional.empty();
    }

    /** POST /console/login: the form's name and password, through the same methods, throttle and lockouts. */
    void login(Request request, Response response, Callback callback) {
        Fields form = ConsoleForm.read(request); // POST body only: credentials never from the query string
        if (form == null) {
            Web.redirect(response, callback, LOGIN + "?error=invalid");
            return;
        }
        String user = form.getValue("username");
        String password = form.getValue("password");
        if (user == null || password == null || user.isBlank() || user.length() > 256 || password.length() > 1024) {
            Web.redirect(response, callback, LOGIN + "?error=invalid");
            return;
        }
        char[] typed = password.toCharArray();
        SignInResult outcome;
        try {
            outcome = signIn.signIn(SignInRequest.typed(user.strip(), typed, Request.getRemoteAddr(request), LOGIN));
        } finally {
            Arrays.fill(typed, '\0');
        }
        if (!(outcome instanceof SignInResult.SignedIn ok)) {
            Web.redirect(response, callback, loginError(SignInAnswer.of(outcome, List.of())));
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
        Web.redirect(response, callback, ServerUrls.CONSOLE + "/overview");
    }

    /** POST /console/logout with the session's CSRF token. */
    void logout(Request request, Response response, Callback callback) {
        Optional<ConsoleSessions.Session> session = sessionOf(request);
        Fields form = ConsoleForm.read(request);
        String token = form == null ? null : form.getValue("csrf");
        if (session.isPresent() && session.get().csrfMatches(token)) {
            sessions.end(session.get().id());
            Response.addCookie(response, cookie(request, "", Duration.ZERO));
        }
        Web.redirect(response, callback, LOGIN);
    }

    private static String loginError(SignInAnswer answer) {
        return LOGIN + "?error=" + switch (answer.status()) {
            case 429 -> "locked";
            case 503 -> "unavailable";
            default -> "invalid";
        };
    }

    private Optional<ConsoleSessions.Session> sessionOf(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
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
}
