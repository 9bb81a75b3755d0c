package org.ewstoken.server.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.ewstoken.server.Installation;
import org.ewstoken.server.http.HttpFeature;
import org.ewstoken.server.http.HttpResponses;
import org.ewstoken.server.http.MetadataEndpoint;
import org.ewstoken.server.http.RouteTable;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.server.throttle.UserThrottle;
import org.ewstoken.tokens.TokenMinter;

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
public final class OAuthFeature implements HttpFeature {

    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    public static final String KEYS_PATH = "/oauth2/keys";
    public static final String TOKEN_PATH = "/oauth2/token";
    /** The token type the audit log records for an exchanged access token. */
    public static final String AUDIT_TOKEN_TYPE = "AccessToken";

    /** What the feature is made of, as the server has it at start-up. */
    public record Parts(Installation installation, URI publicUrl, URI metadataUrl, KeyRing keys, TokenMinter minter,
                        RegistryCache registry, UserThrottle clientThrottle, Clock clock, Duration maxAge,
                        TokenExchange.Issued issued) {}

    private final byte[] discovery;
    private final String cacheControl;
    private final Request.Handler keySet;
    private final TokenEndpoint token;

    private OAuthFeature(byte[] discovery, String cacheControl, Request.Handler keySet, TokenEndpoint token) {
        this.discovery = discovery;
        this.cacheControl = cacheControl;
        this.keySet = keySet;
        this.token = token;
    }

    public static OAuthFeature create(Parts p) {
        String issuer = issuer(p.publicUrl());
        TokenExchange exchange = new TokenExchange(p.installation().store(), p.installation().database().addInClients(),
                p.installation().passwordHasher(), p.registry(), p.keys(), p.minter(), p.metadataUrl(), issuer,
                p.clock(), p.issued());
        return new OAuthFeature(discovery(issuer), "public, max-age=" + p.maxAge().toSeconds(),
                MetadataEndpoint.keySet(p.keys(), p.maxAge()), new TokenEndpoint(exchange, p.clientThrottle()));
    }

    /** The discovery issuer: the public URL without a trailing slash, as the access tokens' {@code iss}. */
    public static String issuer(URI publicUrl) {
        String s = publicUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void addRoutes(RouteTable.Builder routes) {
        routes.exact(DISCOVERY_PATH, "openid_configuration", (request, response, callback) -> {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl);
            HttpResponses.send(response, callback, 200, HttpResponses.JSON, discovery);
            return true;
        }, "GET");
        routes.exact(KEYS_PATH, "jwks", keySet, "GET");
        routes.exact(TOKEN_PATH, "token_exchange", token, "POST");
    }

    private static byte[] discovery(String issuer) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("jwks_uri", issuer + KEYS_PATH);
        d.put("token_endpoint", issuer + TOKEN_PATH);
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
