package org.ewstoken.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.ewstoken.protocol.GetClientAccessToken;
import org.ewstoken.protocol.TokenRequest;
import org.ewstoken.protocol.TokenResponseMessage;
import org.ewstoken.protocol.TokenType;
import org.ewstoken.server.service.ClientAccessTokenService;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;
import org.ewstoken.validation.CallbackToken;
import org.ewstoken.validation.CallbackTokenValidator;
import org.ewstoken.validation.IdentityToken;
import org.ewstoken.validation.IdentityTokenValidator;
import org.ewstoken.validation.MetadataClient;
import org.ewstoken.validation.MetadataTrust;
import org.ewstoken.validation.TokenValidationException;

/**
 * The add-in developer's playground: tokens minted by the same service GetClientAccessToken uses (its
 * rules, its audit), decoded with each claim explained, and validated by the ewstoken-validation
 * library, never by a second implementation.
 */
record Playground(Store store, ClientAccessTokenService tokens, CallbackTokenValidator callbacks, Clock clock) {

    private static final Map<String, String> EXPLAINED = explanations();

    /** Asks for one token as the user would over EWS: the same rules answer. */
    Dtos.MintResult mint(Dtos.MintRequest m) {
        if (m == null || m.user() == null || m.addIn() == null || m.type() == null) {
            throw new Web.Problem(400, "Bad Request", "name a user, an add-in and a token type");
        }
        User user = store.findUser(m.user().trim())
                .orElseThrow(() -> new Web.Problem(404, "Not Found", "no user " + m.user()));
        TokenType type = TokenType.fromWire(m.type().trim())
                .orElseThrow(() -> new Web.Problem(400, "Bad Request", "unknown token type " + m.type()));
        TokenResponseMessage answer = tokens.issue(user, new GetClientAccessToken(List.of(
                new TokenRequest(m.addIn().trim(), type, m.scope() == null || m.scope().isBlank() ? null : m.scope().trim(),
                        null)))).get(0);
        if (answer instanceof TokenResponseMessage.Success s) {
            return new Dtos.MintResult(type.wireName(), true, s.tokenValue(), s.ttlMinutes(), "NoError", null);
        }
        TokenResponseMessage.Failure f = (TokenResponseMessage.Failure) answer;
        return new Dtos.MintResult(type.wireName(), false, null, null, f.responseCode(), f.messageText());
    }

    /** Header and claims, unverified, each claim with what it means. */
    Dtos.Decoded decode(String token) {
        String[] parts = token == null ? new String[0] : token.strip().split("\\.", -1);
        if (parts.length != 3) throw new Web.Problem(400, "Bad Request", "not a JWT: expected three parts separated by '.'");
        JsonNode header = part(parts[0], "header");
        JsonNode payload = part(parts[1], "payload");
        List<Dtos.Claim> appctx = new ArrayList<>();
        JsonNode ctx = payload.path("appctx");
        if (ctx.isTextual()) {
            try {
                ctx = Web.MAPPER.readTree(ctx.asText());
            } catch (java.io.IOException e) {
                ctx = null;
            }
        }
        if (ctx != null && ctx.isObject()) appctx = claims(ctx, "appctx.");
        return new Dtos.Decoded(claims(header, "header."), claims(payload, ""), appctx, kind(payload, ctx));
    }

    /** The validator's verdict: identity tokens by IdentityTokenValidator, callback tokens by CallbackTokenValidator. */
    Dtos.Verdict validate(Dtos.ValidateRequest v) {
        if (v == null || v.token() == null || v.token().isBlank()) throw new Web.Problem(400, "Bad Request", "paste a token");
        String kind;
        try {
            kind = decode(v.token()).kind();
        } catch (Web.Problem notAJwt) {
            kind = "unknown";
        }
        try {
            if (kind.equals("identity")) {
                if (v.audience() == null || v.audience().isBlank()) {
                    throw new Web.Problem(400, "Bad Request", "an identity token is validated for an audience: the add-in's URL");
                }
                List<String> hosts = v.trustedHosts() == null ? List.of() : v.trustedHosts().stream()
                        .map(String::strip).filter(h -> !h.isEmpty()).toList();
                IdentityToken id = IdentityTokenValidator.builder().audience(v.audience().strip())
                        .trust(MetadataTrust.hosts(hosts.toArray(String[]::new)))
                        .metadataClient(MetadataClient.builder().allowHttp(v.allowHttp()).build())
                        .clock(clock).build().validate(v.token().strip());
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("uniqueId", id.uniqueId());
                d.put("msexchuid", id.exchangeUid());
                d.put("amurl", id.metadataUrl().toString());
                d.put("audience", id.audience());
                d.put("issuer", id.issuer());
                d.put("keyId", id.keyId());
                d.put("notBefore", id.notBefore().toString());
                d.put("expiresAt", id.expiresAt().toString());
                return new Dtos.Verdict(true, kind, null, "valid identity token", d);
            }
            CallbackToken c = callbacks.validate(v.token().strip());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("kind", c.kind().toString());
            d.put("smtp", c.smtp());
            d.put("mailboxUid", c.mailboxUid());
            c.addInOrigin().ifPresent(o -> d.put("addInOrigin", o));
            c.addInId().ifPresent(a -> d.put("addIn", a));
            c.scope().ifPresent(sc -> d.put("scope", sc));
            d.put("audience", c.audience());
            d.put("keyId", c.keyId());
            d.put("expiresAt", c.expiresAt().toString());
            return new Dtos.Verdict(true, "callback", null, "valid callback token for this server", d);
        } catch (TokenValidationException e) {
            return new Dtos.Verdict(false, kind, e.reason().name(), e.getMessage(), Map.of());
        } catch (IllegalArgumentException e) {
            // The validator's builder refused an input: say which inputs, not its own (programmer's) words.
            return new Dtos.Verdict(false, kind, "INVALID_INPUT", "the audience or a trusted host is not usable: give the"
                    + " add-in's URL, such as https://crm.contoso.com/read.html, and host names such as mail.contoso.com"
                    + " or mail.contoso.com:8443", Map.of());
        }
    }

    private static String kind(JsonNode payload, JsonNode appctx) {
        if (appctx != null && IdentityTokenValidator.VERSION.equals(appctx.path("version").asText(null))) return "identity";
        if (payload.has("ver") || payload.has("nameid")) return "callback";
        return "unknown";
    }

    private static List<Dtos.Claim> claims(JsonNode node, String prefix) {
        List<Dtos.Claim> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Object value = v.isTextual() ? v.asText() : v.isNumber() ? v.numberValue() : v.toString();
            String explanation = EXPLAINED.getOrDefault(prefix + e.getKey(), "");
            if (v.canConvertToLong() && (e.getKey().equals("nbf") || e.getKey().equals("exp") || e.getKey().equals("iat"))) {
                explanation += " (" + java.time.Instant.ofEpochSecond(v.asLong()) + ")";
            }
            out.add(new Dtos.Claim(e.getKey(), value, explanation));
        }
        return out;
    }

    private static JsonNode part(String base64url, String name) {
        try {
            JsonNode node = Web.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) throw new Web.Problem(400, "Bad Request", "the " + name + " is not a JSON object");
            return node;
        } catch (IllegalArgumentException e) {
            throw new Web.Problem(400, "Bad Request", "the " + name + " is not base64url");
        } catch (java.io.IOException e) {
            throw new Web.Problem(400, "Bad Request", "the " + name + " is not JSON");
        }
    }

    /** The explanations, kept as text beside the console's other resources. */
    private static Map<String, String> explanations() {
        Properties p = new Properties();
        try (InputStream in = Playground.class.getResourceAsStream("claims.properties")) {
            p.load(new InputStreamReader(Objects.requireNonNull(in, "claims.properties"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the claim explanations", e);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return Map.copyOf(m);
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
