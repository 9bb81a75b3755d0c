package org.ewstoken.server.console;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ewstoken.manifest.Manifest;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.server.addins.InstallTarget;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.admin.ApiKeys;
import org.ewstoken.server.admin.KeyAdmin;
import org.ewstoken.server.admin.UserAdmin;
import org.ewstoken.server.config.ConsoleSettings;
import org.ewstoken.server.http.RouteTable;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.AdminStore;
import org.ewstoken.store.AuditLog;
import org.ewstoken.server.console.AdminApi.Call;
import org.ewstoken.server.console.AdminApi.Created;
import org.ewstoken.server.console.AdminApi.Raw;

/**
 * The admin API's routes: one row each (method, path template, action) in the server's route table type,
 * which the OpenAPI document is tested against in both directions. The actions call the admin services the
 * command line calls; no rule lives here.
 */
record AdminRoutes(AdminServices admin, AdminStore adminStore, AuditLog audit, Playground playground,
                   Overview overview, ConsoleSettings settings, ConsoleSessions sessions) {

    private static final int MAX_PAGE = 500;
    private static final int MAX_CSV = 100_000;
    private static final ManifestParser PARSER = new ManifestParser(); // thread-safe, shared by every request

    /** The API's table: paths relative to {@link AdminApi#PREFIX}. */
    RouteTable table() {
        RouteTable.Builder r = new RouteTable.Builder();
        byte[] openApi = ConsoleAssets.read("openapi.json");
        r.add(AdminApi.row("GET", "/openapi.json", c -> new Raw("application/json; charset=utf-8", openApi, null)));
        r.add(AdminApi.row("GET", "/session", c -> new Dtos.SessionInfo(c.caller().user(),
                c.caller().session() == null ? null : c.caller().session().csrfToken(),
                c.caller().session() == null ? null : c.caller().session().expiresAt().toString())));
        r.add(AdminApi.row("GET", "/overview", c -> overview.data()));
        r.add(AdminApi.row("GET", "/doctor", c -> overview.checks(c.query("mailbox"))));
        r.add(AdminApi.row("GET", "/settings", c -> new Dtos.Settings(settings.effective())));

        r.add(AdminApi.row("GET", "/users", c -> admin.users().list(c.query("q")).stream().map(Dtos.UserDto::of).toList()));
        r.add(AdminApi.row("POST", "/users", this::addUser));
        r.add(AdminApi.row("GET", "/users/{smtp}", c -> admin.users().find(c.param("smtp")).map(Dtos.UserDto::of)
                .orElseThrow(() -> new Web.Problem(404, "Not Found", "no user " + c.param("smtp")))));
        r.add(AdminApi.row("DELETE", "/users/{smtp}", c -> {
            admin.users().remove(c.caller().actor(), c.param("smtp"));
            sessions.endAllOf(c.param("smtp").toLowerCase(Locale.ROOT));
            return null;
        }));
        r.add(AdminApi.row("POST", "/users/{smtp}/password", this::resetPassword));
        r.add(AdminApi.row("PUT", "/users/{smtp}/admin", c -> {
            admin.users().grantAdmin(c.caller().actor(), c.param("smtp"));
            return null;
        }));
        r.add(AdminApi.row("DELETE", "/users/{smtp}/admin", c -> {
            admin.users().revokeAdmin(c.caller().actor(), c.param("smtp"));
            sessions.endAllOf(c.param("smtp").toLowerCase(Locale.ROOT));
            return null;
        }));

        r.add(AdminApi.row("GET", "/addins", c -> admin.addIns().list().stream().map(this::addIn).toList()));
        r.add(AdminApi.row("POST", "/addins", this::installUpload));
        AddInClientRoutes.add(r, () -> admin); // the add-in as a token-exchange client
        r.add(AdminApi.row("POST", "/addins/from-url", this::installUrl));
        r.add(AdminApi.row("GET", "/addins/{id}", c -> admin.addIns().installations(c.param("id")).stream()
                .map(this::addIn).toList()));
        r.add(AdminApi.row("GET", "/addins/{id}/manifest", c -> {
            byte[] m = admin.addIns().manifest(c.param("id"), c.query("user"));
            boolean json = m.length > 0 && (m[0] == '{' || (m.length > 3 && m[3] == '{'));
            return new Raw(json ? "application/json; charset=utf-8" : "application/xml; charset=utf-8", m,
                    c.param("id") + (json ? ".json" : ".xml"));
        }));
        r.add(AdminApi.row("POST", "/addins/{id}/enable", c -> {
            admin.addIns().setEnabled(c.caller().actor(), c.param("id"), c.query("user"), true);
            return null;
        }));
        r.add(AdminApi.row("POST", "/addins/{id}/disable", c -> {
            admin.addIns().setEnabled(c.caller().actor(), c.param("id"), c.query("user"), false);
            return null;
        }));
        r.add(AdminApi.row("PUT", "/addins/{id}/mandatory", c -> addIn(admin.addIns().setMandatory(c.caller().actor(),
                c.param("id"), true))));
        r.add(AdminApi.row("DELETE", "/addins/{id}/mandatory", c -> addIn(admin.addIns().setMandatory(c.caller().actor(),
                c.param("id"), false))));
        r.add(AdminApi.row("DELETE", "/addins/{id}", c -> {
            admin.addIns().remove(c.caller().actor(), c.param("id"), c.query("user"));
            return null;
        }));

        r.add(AdminApi.row("GET", "/keys", c -> keys()));
        r.add(AdminApi.row("POST", "/keys/rotate", c -> {
            boolean now = c.request().getLength() > 0 && c.json(Dtos.Rotate.class).now();
            return new Created(Dtos.KeyDto.of(admin.keys().rotate(c.caller().actor(), now)));
        }));
        r.add(AdminApi.row("POST", "/keys/import", this::importKey));

        r.add(AdminApi.row("GET", "/audit", c -> {
            int[] page = page(c);
            return new Dtos.Page<>(page[0], page[1], findAudit(c, page[0], page[1]).stream().map(Dtos.AuditDto::of).toList());
        }));
        r.add(AdminApi.row("GET", "/audit.csv", c -> new Raw("text/csv; charset=utf-8", Csv.audit(findAudit(c, 0, MAX_CSV)),
                "audit.csv")));
        r.add(AdminApi.row("GET", "/events", c -> {
            int[] page = page(c);
            return new Dtos.Page<>(page[0], page[1], findEvents(c, page[0], page[1]).stream().map(Dtos.EventDto::of).toList());
        }));
        r.add(AdminApi.row("GET", "/events.csv", c -> new Raw("text/csv; charset=utf-8",
                Csv.events(findEvents(c, 0, MAX_CSV)), "admin-events.csv")));

        r.add(AdminApi.row("POST", "/tokens/mint", c -> playground.mint(c.json(Dtos.MintRequest.class))));
        r.add(AdminApi.row("POST", "/tokens/decode", c -> playground.decode(c.json(Dtos.TokenText.class).token())));
        r.add(AdminApi.row("POST", "/tokens/validate", c -> playground.validate(c.json(Dtos.ValidateRequest.class))));

        r.add(AdminApi.row("GET", "/api-keys", c -> admin.apiKeys().list().stream().map(Dtos.ApiKeyDto::of).toList()));
        r.add(AdminApi.row("POST", "/api-keys", c -> {
            ApiKeys.Created k = admin.apiKeys().create(c.caller().actor(), c.caller().user(),
                    c.json(Dtos.NewApiKey.class).name());
            return new Created(new Dtos.CreatedApiKey(Dtos.ApiKeyDto.of(k.key()), k.token()));
        }));
        r.add(AdminApi.row("DELETE", "/api-keys/{id}", c -> {
            admin.apiKeys().remove(c.caller().actor(), c.param("id"));
            return null;
        }));
        return r.build();
    }

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
        byte[] bytes = Web.body(c.request(), PARSER.maxBytes());
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
            Manifest m = PARSER.parse(bytes);
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
}
