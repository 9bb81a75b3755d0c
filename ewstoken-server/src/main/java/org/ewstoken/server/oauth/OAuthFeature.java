package org.ewstoken.server.oauth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.ewstoken.server.Feature;
import org.ewstoken.server.Installation;
import org.ewstoken.server.http.HttpResponses;
import org.ewstoken.server.http.MetadataEndpoint;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.keys.PublishedKeys;
import org.ewstoken.server.throttle.UserThrottle;

/**
 * OpenID discovery, the key set, and token exchange: what lets add-in back ends use stock JWT libraries and OAuth2
 * resource-server middleware instead of Exchange-specific code (docs/validation.md).
 *
 * <ul>
 *   <li>{@code GET /.well-known/openid-configuration}: the issuer (the public URL) and where the rest is;</li>
 *   <li>{@code GET /oauth2/keys}: every certificate of the metadata document as an RS256 JWK, in step with it;</li>
 *   <li>{@code POST /oauth2/token}: RFC 8693 token exchange, identity token for access token.</li>
 * </ul>
 */
public final class OAuthFeature implements Feature {

    /** The token type the audit log records for an exchanged access token. */
    public static final String AUDIT_TOKEN_TYPE = "AccessToken";

    @Override
    public Installed install(Context c) {
        String issuer = c.urls().base().toString(); // ServerUrls keeps it without a trailing slash
        Duration maxAge = c.config().metadataMaxAge();
        Installation inst = c.installation();
        // Its own throttle: each client has a budget like a mailbox's, never shared with one.
        UserThrottle clients = new UserThrottle(c.config().throttling(), System::nanoTime, c.throttleEvents());
        TokenExchange exchange = new TokenExchange(inst.store(), inst.database().addInClients(), inst.passwordHasher(),
                c.registry(), c.keyRing(), new PublishedKeys(c.keyRing()), c.minter(), c.urls().metadata(), issuer,
                c.clock(), (mailbox, addIn, token) -> c.audit().issued(mailbox, addIn, AUDIT_TOKEN_TYPE, token));
        AtomicReference<byte[]> discovery = new AtomicReference<>(); // at the first request: Jackson's mapper costs
        String cacheControl = "public, max-age=" + maxAge.toSeconds();
        Request.Handler keySet = MetadataEndpoint.keySet(c.keyRing(), maxAge);
        TokenEndpoint token = new TokenEndpoint(exchange, clients);
        return Installed.routes(routes -> {
            routes.exact(ServerUrls.DISCOVERY, "openid_configuration", (request, response, callback) -> {
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl);
                HttpResponses.send(response, callback, 200, HttpResponses.JSON,
                        discovery.updateAndGet(made -> made != null ? made : discovery(issuer)));
                return true;
            }, "GET");
            routes.exact(ServerUrls.KEYS, "jwks", keySet, "GET");
            routes.exact(ServerUrls.TOKEN, "token_exchange", token, "POST");
        });
    }

    private static byte[] discovery(String issuer) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("jwks_uri", issuer + ServerUrls.KEYS);
        d.put("token_endpoint", issuer + ServerUrls.TOKEN);
        d.put("grant_types_supported", List.of(TokenExchange.GRANT_TYPE));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        d.put("subject_token_types_supported", List.of(TokenExchange.JWT));
        d.put("issued_token_types_supported", List.of(TokenExchange.ACCESS_TOKEN));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        try {
            return new ObjectMapper().writeValueAsBytes(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the discovery document", e);
        }
    }
}
