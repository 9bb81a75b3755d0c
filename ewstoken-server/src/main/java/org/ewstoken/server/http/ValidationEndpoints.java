package org.ewstoken.server.http;

import java.time.Clock;
import java.util.Locale;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.keys.PublishedKeys;
import org.ewstoken.server.service.TokenIntrospection;
import org.ewstoken.store.Store;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.validation.CallbackTokenKind;
import org.ewstoken.validation.CallbackTokenValidator;

/**
 * The endpoints that let others check this server's tokens: Autodiscover v2 (is this the user's
 * Exchange server?) and token introspection (is this callback token still good, and what does it grant?).
 */
public final class ValidationEndpoints {

    private final AutodiscoverEndpoint autodiscover;
    private final IntrospectionEndpoint introspection;

    private ValidationEndpoints(AutodiscoverEndpoint autodiscover, IntrospectionEndpoint introspection) {
        this.autodiscover = autodiscover;
        this.introspection = introspection;
    }

    /** Reads the introspection client secret now, so that a bad one stops the start-up. */
    public static ValidationEndpoints create(ServerConfig config, IssuerSettings issuer, KeyRing keys, Store store,
                                             Clock clock) {
        CallbackTokenValidator validator = callbackValidator(issuer, keys, clock);
        ClientCredential client = config.introspection().credential()
                .map(c -> new ClientCredential(c.clientId(), c.secret())).orElse(null);
        return new ValidationEndpoints(new AutodiscoverEndpoint(issuer.ewsUrl()), new IntrospectionEndpoint(client,
                new TokenIntrospection(validator, store, config.callbackTokenLifetime())));
    }

    /** The one validator of this server's own callback tokens (introspection and the console's playground). */
    public static CallbackTokenValidator callbackValidator(IssuerSettings issuer, KeyRing keys, Clock clock) {
        return CallbackTokenValidator.builder()
                .issuerRealm(issuer.realm())
                .keys(new PublishedKeys(keys))
                .accept(issuer.ewsUrl(), CallbackTokenKind.EXTENSION_CALLBACK, CallbackTokenKind.SCOPED)
                .accept(issuer.restUrl(), CallbackTokenKind.REST_API_CALLBACK)
                .clock(clock)
                .build();
    }

    /**
     * Answers the request if it is for one of these endpoints.
     *
     * @param path the path as Jetty gives it, still percent-encoded (case kept: an Autodiscover address is data)
     * @return false if the path is not one of these endpoints'
     */
    boolean handle(String path, Request request, Response response, Callback callback) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.startsWith(AutodiscoverEndpoint.PREFIX)) {
            String address;
            try {
                address = URIUtil.decodePath(path.substring(AutodiscoverEndpoint.PREFIX.length()));
            } catch (RuntimeException badEncoding) {
                address = ""; // not an address: answered as one
            }
            autodiscover.handle(address, request, response, callback);
            return true;
        }
        if (lower.equals(IntrospectionEndpoint.PATH)) {
            introspection.handle(request, response, callback);
            return true;
        }
        return false;
    }
}
