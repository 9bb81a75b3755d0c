package org.ewstoken.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.manifest.Manifest;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.server.addins.InstallTarget;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.admin.ApiKeys;
import org.ewstoken.server.admin.KeyAdmin;
import org.ewstoken.server.admin.UserAdmin;
import org.ewstoken.server.config.ConsoleSettings;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.AdminStore;
import org.ewstoken.store.AuditLog;

/**
 * The admin API under /api/admin: JSON in and out, record DTOs, RFC 9457 problems. Every route is
 * one row of {@link #routes()} (method, path template, action), which the OpenAPI document is tested
 * against. The actions call the admin services the command line calls; no rule lives here.
 */
final class AdminApi {

    static final String PREFIX = ServerUrls.ADMIN_API;
    private static final int MAX_JSON = 64 * 1024;
    private static final int MAX_PAGE = 500;
    private static final int MAX_CSV = 100_000;

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

    record Route(String method, String template, Action action) {
        /** The path's parameters if it matches, else null. Templates are matched segment by segment. */
        Map<String, String> match(String path) {
            String[] t = template.split("/", -1);
            String[] p = path.split("/", -1);
            if (t.length != p.length) return null;
            Map<String, String> params = new java.util.HashMap<>();
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
    }

    private final AdminServices admin;
    private final AdminStore adminStore;
    private final AuditLog audit;
    private final Playground playground;
    private final Overview overview;
    private final ConsoleSettings settings;
    private final ConsoleSessions sessions;
    private final ManifestParser parser = new ManifestParser();
    private final List<Route> routes;
    private final byte[] openApi;

    AdminApi(AdminServices admin, AdminStore adminStore, AuditLog audit, Playground playground, Overview overview,
             ConsoleSettings settings, ConsoleSessions sessions) {
        this.admin = admin;
        this.adminStore = adminStore;
        this.audit = audit;
        this.playground = playground;
        this.overview = overview;
        this.settings = settings;
        this.sessions = sessions;
        this.routes = routes();
        this.openApi = ConsoleAssets.read("openapi.json");
    }

    List<Route> routeTable() {
        return routes;
    }

    private List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(new Route("GET", "/openapi.json", c -> new Raw("application/json; charset=utf-8", openApi, null)));
        r.add(new Route("GET", "/session", c -> new Dtos.SessionInfo(c.caller().user(),
                c.caller().session() == null ? null : c.caller().session().csrfToken(),
                c.caller().session() == null ? null : c.caller().session().expiresAt().toString())));
        r.add(new Route("GET", "/overview", c -> overview.data()));
        r.add(new Route("GET", "/settings", c -> new Dtos.Settings(settings.effective())));

        r.add(new Route("GET", "/users", c -> admin.users().list(c.query("q")).stream().map(Dtos.UserDto::of).toList()));
        r.add(new Route("POST", "/users", this::addUser));
        r.add(new Route("GET", "/users/{smtp}", c -> admin.users().find(c.param("smtp")).map(Dtos.UserDto::of)
                .orElseThrow(() -> new Web.Problem(404, "Not Found", "no user " + c.param("smtp")))));
        r.add(new Route("DELETE", "/users/{smtp}", c -> {
            admin.users().remove(c.caller().actor(), c.param("smtp"));
            sessions.endAllOf(c.param("smtp").toLowerCase(Locale.ROOT));
            return null;
        }));
        r.add(new Route("POST", "/users/{smtp}/password", this::resetPassword));
        r.add(new Route("PUT", "/users/{smtp}/admin", c -> {
            admin.users().grantAdmin(c.caller().actor(), c.param("smtp"));
            return null;
        }));
        r.add(new Route("DELETE", "/users/{smtp}/admin", c -> {
            admin.users().revokeAdmin(c.caller().actor(), c.param("smtp"));
            sessions.endAllOf(c.param("smtp").toLowerCase(Locale.ROOT));
            return null;
        }));

        r.add(new Route("GET", "/addins", c -> admin.addIns().list().stream().map(this::addIn).toList()));
        r.add(new Route("POST", "/addins", this::installUpload));
        r.add(new Route("POST", "/addins/from-url", this::installUrl));
        r.add(new Route("GET", "/addins/{id}", c -> admin.addIns().installations(c.param("id")).stream()
                .map(this::addIn).toList()));
        r.add(new Route("GET", "/addins/{id}/manifest", c -> {
            byte[] m = admin.addIns().manifest(c.param("id"), c.query("user"));
            boolean json = m.length > 0 && (m[0] == '{' || (m.length > 3 && m[3] == '{'));
            return new Raw(json ? "application/json; charset=utf-8" : "application/xml; charset=utf-8", m,
                    c.param("id") + (json ? ".json" : ".xml"));
        }));
        r.add(new Route("POST", "/addins/{id}/enable", c -> {
            admin.addIns().setEnabled(c.caller().actor(), c.param("id"), c.query("user"), true);
            return null;
        }));
        r.add(new Route("POST", "/addins/{id}/disable", c -> {
            admin.addIns().setEnabled(c.caller().actor(), c.param("id"), c.query("user"), false);
            return null;
        }));
        r.add(new Route("PUT", "/addins/{id}/mandatory", c -> addIn(admin.addIns().setMandatory(c.caller().actor(),
                c.param("id"), true))));
        r.add(new Route("DELETE", "/addins/{id}/mandatory", c -> addIn(admin.addIns().setMandatory(c.caller().actor(),
                c.param("id"), false))));
        r.add(new Route("DELETE", "/addins/{id}", c -> {
            admin.addIns().remove(c.caller().actor(), c.param("id"), c.query("user"));
            return null;
        }));

        r.add(new Route("GET", "/keys", c -> keys()));
        r.add(new Route("POST", "/keys/rotate", c -> {
            boolean now = c.request().getLength() > 0 && c.json(Dtos.Rotate.class).now();
            return new Created(Dtos.KeyDto.of(admin.keys().rotate(c.caller().actor(), now)));
        }));
        r.add(new Route("POST", "/keys/import", this::importKey));

        r.add(new Route("GET", "/audit", c -> {
            int[] page = page(c);
            return new Dtos.Page<>(page[0], page[1], findAudit(c, page[0], page[1]).stream().map(Dtos.AuditDto::of).toList());
        }));
        r.add(new Route("GET", "/audit.csv", c -> new Raw("text/csv; charset=utf-8", Csv.audit(findAudit(c, 0, MAX_CSV)),
                "audit.csv")));
        r.add(new Route("GET", "/events", c -> {
            int[] page = page(c);
            return new Dtos.Page<>(page[0], page[1], findEvents(c, page[0], page[1]).stream().map(Dtos.EventDto::of).toList());
        }));
        r.add(new Route("GET", "/events.csv", c -> new Raw("text/csv; charset=utf-8",
                Csv.events(findEvents(c, 0, MAX_CSV)), "admin-events.csv")));

        r.add(new Route("POST", "/tokens/mint", c -> playground.mint(c.json(Dtos.MintRequest.class))));
        r.add(new Route("POST", "/tokens/decode", c -> playground.decode(c.json(Dtos.TokenText.class).token())));
        r.add(new Route("POST", "/tokens/validate", c -> playground.validate(c.json(Dtos.ValidateRequest.class))));

        r.add(new Route("GET", "/api-keys", c -> admin.apiKeys().list().stream().map(Dtos.ApiKeyDto::of).toList()));
        r.add(new Route("POST", "/api-keys", c -> {
            ApiKeys.Created k = admin.apiKeys().create(c.caller().actor(), c.caller().user(),
                    c.json(Dtos.NewApiKey.class).name());
            return new Created(new Dtos.CreatedApiKey(Dtos.ApiKeyDto.of(k.key()), k.token()));
        }));
        r.add(new Route("DELETE", "/api-keys/{id}", c -> {
            admin.apiKeys().remove(c.caller().actor(), c.param("id"));
            return null;
        }));
        return List.copyOf(r);
    }

    /** The route for a path below /api/admin and a method; empty with the methods the path allows, if any. */
    Optional<Map.Entry<Route, Map<String, String>>> find(String method, String subPath, List<String> allowed) {
        String m = method.equals("HEAD") ? "GET" : method;
        for (Route route : routes) {
            Map<String, String> params = route.match(subPath);
            if (params == null) continue;
            if (route.method().equals(m)) return Optional.of(Map.entry(route, params));
            allowed.add(route.method());
        }
        return Optional.empty();
    }

    // ---- actions

    private Object addUser(Call c) {
        Dtos.NewUser u = c.json(Dtos.NewUser.class);
        char[] password = u.password() == null ? null : u.password().toCharArray();
        try {
            admin.users().add(c.caller().actor(), u.smtp(), u.displayName(), password, u.admin());
        } finally {
            UserAdmin.wipe(password);
        }
        return new Created(admin.users().find(u.smtp().trim()).map(Dtos.UserDto::of).orElseThrow());
    }

    /** Sets the given password, or generates one and shows it once. */
    private Object resetPassword(Call c) {
        Dtos.PasswordChange p = c.request().getLength() == 0 ? new Dtos.PasswordChange(null) : c.json(Dtos.PasswordChange.class);
        boolean generate = p.password() == null || p.password().isEmpty();
        char[] password = generate ? generated() : p.password().toCharArray();
        try {
            admin.users().setPassword(c.caller().actor(), c.param("smtp"), password);
            return generate ? new Dtos.GeneratedPassword(new String(password)) : null;
        } finally {
            UserAdmin.wipe(password);
        }
    }

    private static char[] generated() {
        char[] alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
        java.security.SecureRandom random = new java.security.SecureRandom();
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) out[i] = alphabet[random.nextInt(alphabet.length)];
        return out;
    }

    private Object installUpload(Call c) {
        byte[] bytes = Web.body(c.request(), parser.maxBytes());
        if (bytes.length == 0) throw new Web.Problem(400, "Bad Request", "send the manifest as the request body");
        return install(c, bytes, c.query("user"), bool(c.query("mandatory")));
    }

    private Object installUrl(Call c) {
        Dtos.UrlInstall u = c.json(Dtos.UrlInstall.class);
        if (u.url() == null || u.url().isBlank()) throw new Web.Problem(400, "Bad Request", "name the manifest's URL");
        URI url;
        try {
            url = URI.create(u.url().strip());
        } catch (IllegalArgumentException e) {
            throw new Web.Problem(400, "Bad Request", "'" + u.url() + "' is not a URL");
        }
        byte[] bytes = admin.addIns().fetch(url, Duration.ofSeconds(10), u.allowHttp());
        return install(c, bytes, u.user() == null || u.user().isBlank() ? null : u.user(), u.mandatory());
    }

    private Object install(Call c, byte[] bytes, String user, Boolean mandatory) {
        InstallTarget target = user != null ? new InstallTarget.Mailbox(user)
                : new InstallTarget.Organisation(Optional.ofNullable(mandatory), Optional.empty(), Optional.empty(),
                        Optional.empty());
        var outcome = admin.addIns().install(c.caller().actor(), bytes, target);
        var done = outcome.installed();
        return new Created(new Dtos.InstallResult(done.firstInstall(), done.previousVersion(), addIn(done.addIn())));
    }

    private Object importKey(Call c) {
        Dtos.KeyImport k = c.json(Dtos.KeyImport.class);
        if (k.contentBase64() == null) throw new Web.Problem(400, "Bad Request", "contentBase64 holds the key file");
        byte[] content;
        try {
            content = Base64.getMimeDecoder().decode(k.contentBase64());
        } catch (IllegalArgumentException e) {
            throw new Web.Problem(400, "Bad Request", "contentBase64 is not base64");
        }
        char[] password = k.password() == null ? new char[0] : k.password().toCharArray();
        try {
            return new Created(Dtos.KeyDto.of(admin.keys().importKey(c.caller().actor(),
                    KeyAdmin.read(k.fileName(), content, password), k.now())));
        } finally {
            UserAdmin.wipe(password);
        }
    }

    private Dtos.Keys keys() {
        List<Dtos.KeyDto> list = admin.keys().list().stream().map(Dtos.KeyDto::of).toList();
        return new Dtos.Keys(admin.keys().signingKeyId(), admin.keys().prePublication().toString(), list);
    }

    /** An add-in with what its stored manifest adds: icon and description. */
    private Dtos.AddInDto addIn(AddIn a) {
        String icon = null;
        String description = null;
        boolean hasManifest = false;
        try {
            byte[] bytes = admin.addIns().manifest(a.id(), a.ownerSmtp());
            hasManifest = true;
            Manifest m = parser.parse(bytes);
            icon = m.iconUrl();
            description = m.description().defaultValue();
        } catch (RuntimeException | org.ewstoken.manifest.ManifestException e) {
            // registered without a manifest, or one this release no longer reads: the record still shows
        }
        return Dtos.AddInDto.of(a, icon, description, hasManifest);
    }

    private List<org.ewstoken.store.AuditRecord> findAudit(Call c, int offset, int limit) {
        return audit.find(c.query("user"), c.query("addIn"), c.query("type"), instant(c, "from"), instant(c, "to"),
                offset, limit);
    }

    private List<org.ewstoken.store.AdminEvent> findEvents(Call c, int offset, int limit) {
        return adminStore.events(c.query("actor"), c.query("action"), c.query("target"), instant(c, "from"),
                instant(c, "to"), offset, limit);
    }

    private static int[] page(Call c) {
        try {
            int offset = c.query("offset") == null ? 0 : Integer.parseInt(c.query("offset"));
            int limit = c.query("limit") == null ? 50 : Integer.parseInt(c.query("limit"));
            if (offset < 0 || limit < 1 || limit > MAX_PAGE) throw new NumberFormatException();
            return new int[] {offset, limit};
        } catch (NumberFormatException e) {
            throw new Web.Problem(400, "Bad Request", "offset must be 0 or more and limit 1 to " + MAX_PAGE);
        }
    }

    private static Instant instant(Call c, String name) {
        String v = c.query(name);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(v).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new Web.Problem(400, "Bad Request", name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
    }

    private static Boolean bool(String v) {
        if (v == null) return null;
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new Web.Problem(400, "Bad Request", "expected true or false, was '" + v + "'");
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
