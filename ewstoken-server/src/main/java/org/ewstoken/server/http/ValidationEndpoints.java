package org.ewstoken.server.http;

import java.time.Clock;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.ewstoken.server.Feature;
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
public final class ValidationEndpoints implements Feature {

    /** Reads the introspection client secret now, so that a bad one stops the start-up. */
    @Override
    public Installed install(Context c) {
        ClientCredential client = c.config().introspection().credential()
                .map(cc -> new ClientCredential(cc.clientId(), cc.secret())).orElse(null);
        AutodiscoverEndpoint autodiscover = new AutodiscoverEndpoint(c.issuer().ewsUrl());
        IntrospectionEndpoint introspection = new IntrospectionEndpoint(client,
                introspection(c.config(), c.issuer(), c.keyRing(), c.installation().store(), c.clock()));
        // Both endpoints check the method themselves: their refusals are shaped as their protocols say.
        return Installed.routes(routes -> {
            routes.prefix(ServerUrls.AUTODISCOVER, "autodiscover", (request, response, callback) ->
                    autodiscover(autodiscover, request, response, callback));
            routes.exact(ServerUrls.INTROSPECT, "introspect", (request, response, callback) -> {
                introspection.handle(request, response, callback);
                return true;
            });
        });
    }

    /**
     * The one way this server checks its own callback tokens (the token library, then the store), shared by
     * token introspection and the EWS front's callback-token gate.
     */
    public static TokenIntrospection introspection(ServerConfig config, IssuerSettings issuer, KeyRing keys, Store store,
                                                   Clock clock) {
        return new TokenIntrospection(callbackTokenValidator(issuer, keys, clock), store, config.callbackTokenLifetime());
    }

    /**
     * This server's own callback tokens, as a resource server in front of its EWS (or REST) URL checks them: its
     * realm, the certificates it publishes now, EXTENSION_CALLBACK and SCOPED at the EWS URL, REST_API_CALLBACK at
     * the REST URL. The one place that says so, for introspection and for the EWS front; decide what a validated token
     * allows with {@link org.ewstoken.validation.CallbackTokenAuthorizer}.
     */
    public static CallbackTokenValidator callbackTokenValidator(IssuerSettings issuer, KeyRing keys, Clock clock) {
        return CallbackTokenValidator.builder()
                .issuerRealm(issuer.realm())
                .keys(new PublishedKeys(keys))
                .accept(issuer.ewsUrl(), CallbackTokenKind.EXTENSION_CALLBACK, CallbackTokenKind.SCOPED)
                .accept(issuer.restUrl(), CallbackTokenKind.REST_API_CALLBACK)
                .clock(clock)
                .build();
    }

    private static boolean autodiscover(AutodiscoverEndpoint autodiscover, Request request, Response response,
                                        Callback callback) {
        // The path as Jetty gives it, still percent-encoded, case kept: the address is data.
        String path = Request.getPathInContext(request);
        String address;
        try {
            address = URIUtil.decodePath(path.substring(ServerUrls.AUTODISCOVER.length()));
        } catch (RuntimeException badEncoding) {
            address = ""; // not an address: answered as one
        }
        autodiscover.handle(address, request, response, callback);
        return true;
    }
}
