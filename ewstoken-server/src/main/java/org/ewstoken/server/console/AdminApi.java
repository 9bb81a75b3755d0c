package org.ewstoken.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.admin.AdminRefusal;
import org.ewstoken.server.http.Route;
import org.ewstoken.server.http.RouteTable;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under /api/admin: JSON in and out, record DTOs, RFC 9457 problems. Every route is one
 * row of {@link AdminRoutes} (method, path template, action) in a {@link RouteTable}; this class answers a
 * request with the row's action, mapping its refusals to problem documents.
 */
final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    static final String PREFIX = ServerUrls.ADMIN_API;
    private static final int MAX_JSON = 64 * 1024;
    /** The request attribute carrying the {@link Call} to a row's handler. */
    private static final String CALL = "org.ewstoken.admin.call";

    /** Who is calling, and their CSRF token when they came with a console session. */
    record Caller(String user, String remoteAddress, ConsoleSessions.Session session) {
        Actor actor() {
            return new Actor(user, remoteAddress);
        }
    }

    /** One call: the request, the path's parameters, the caller. */
    record Call(Request request, Map<String, String> params, Caller caller) {
        String param(String name) {
            return params.get(name);
        }

        /** A query parameter, or null when absent or blank. */
        String query(String name) {
            Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            String v = fields.getValue(name);
            return v == null || v.isBlank() ? null : v.strip();
        }

        <T> T json(Class<T> type) {
            byte[] body = Web.body(request, MAX_JSON);
            if (body.length == 0) throw new Web.Problem(400, "Bad Request", "a JSON body is required");
            try {
                return Web.MAPPER.readValue(body, type);
            } catch (java.io.IOException e) {
                throw new Web.Problem(400, "Bad Request", e instanceof JsonProcessingException j
                        ? JsonProblem.describe(j) : "the request body could not be read");
            }
        }
    }

    /** A response that is not JSON (a manifest, a CSV file). */
    record Raw(String contentType, byte[] body, String fileName) {}

    /** 201 Created with a body. */
    record Created(Object body) {}

    @FunctionalInterface
    interface Action {
        Object run(Call call) throws Exception;
    }

    /** One row of the API: its action, run with the {@link Call} of the request. */
    static Route row(String method, String template, Action action) {
        return Route.exact(template, "admin_api", (request, response, callback) -> {
            answer(request, response, callback, action.run((Call) request.getAttribute(CALL)));
            return true;
        }, method);
    }

    static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final RouteTable routes;
    private final ConsoleSignIn signIn;

    AdminApi(RouteTable routes, ConsoleSignIn signIn) {
        this.routes = routes;
        this.signIn = signIn;
    }

    /**
     * A request below /api/admin: who calls (401 before anything is said about the path), then 404 or 405 as
     * problem documents, the CSRF token of a session's change, then the row's action with its failures mapped.
     */
    void handle(Request request, Response response, Callback callback, String subPath) throws Exception {
        RouteTable.Lookup found = routes.lookup(request.getMethod(), subPath.isEmpty() ? "/" : subPath);
        Optional<Caller> caller = signIn.caller(request, response, callback, true);
        if (caller.isEmpty()) return; // answered
        if (!found.found()) {
            if (found.wrongMethod()) {
                String allowed = String.join(", ", found.allowed());
                response.getHeaders().put(HttpHeader.ALLOW, allowed);
                Web.problem(request, response, callback, 405, "Method Not Allowed", request.getMethod()
                        + " is not allowed here; use " + allowed);
            } else {
                Web.problem(request, response, callback, 404, "Not Found", "no admin API resource " + subPath);
            }
            return;
        }
        if (!SAFE.contains(request.getMethod()) && caller.get().session() != null
                && !caller.get().session().csrfMatches(request.getHeaders().get(ConsoleHandler.CSRF_HEADER))) {
            Web.problem(request, response, callback, 403, "Forbidden", "a console request that changes something "
                    + "needs the session's CSRF token in the " + ConsoleHandler.CSRF_HEADER + " header");
            return;
        }
        request.setAttribute(CALL, new Call(request, found.params(), caller.get()));
        try {
            found.route().handler().handle(request, response, callback);
        } catch (Web.Problem p) {
            Web.problem(request, response, callback, p.status, p.title, p.getMessage());
        } catch (AdminRefusal r) {
            Web.problem(request, response, callback, r.kind().status(), switch (r.kind()) {
                case INVALID -> "Bad Request";
                case NOT_FOUND -> "Not Found";
                case CONFLICT -> "Conflict";
            }, r.getMessage());
        } catch (IllegalArgumentException e) {
            // Refusals meant for the caller are AdminRefusals or Problems; this is a check deeper down, worded for
            // programmers (a parameter's Java name, a library's text): logged, and answered in general words.
            LOG.info("admin API: {} {} refused a value: {}", request.getMethod(), subPath, e.getMessage());
            Web.problem(request, response, callback, 400, "Bad Request", "the request holds a value that is not "
                    + "acceptable here; check the path, the query and the fields against openapi.json");
        } catch (StoreException e) {
            LOG.warn("admin API: store failure: {}", e.getMessage());
            Web.problem(request, response, callback, 503, "Service Unavailable", "the store failed; try again");
        }
    }


    /** Writes what an action returned. */
    static void answer(Request request, Response response, Callback callback, Object result) {
        if (result == null) {
            response.setStatus(204);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("Content-Security-Policy", Web.CSP);
            response.write(true, null, callback);
        } else if (result instanceof Raw raw) {
            if (raw.fileName() != null) {
                response.getHeaders().put("Content-Disposition", "attachment; filename=\"" + raw.fileName()
                        .replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
            }
            Web.send(response, callback, 200, raw.contentType(), raw.body());
        } else if (result instanceof Created created) {
            Web.json(response, callback, 201, created.body());
        } else {
            Web.json(response, callback, 200, result);
        }
    }
}
