package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * Who issues tokens and for how long.
 *
 * @param realm            the issuer realm, the host of the public URL (e.g. {@code mail.contoso.com})
 * @param metadataUrl      where the authentication metadata document is served: the identity token's
 *                         {@code amurl}
 * @param ewsUrl           the EWS endpoint: its host is in the {@code aud} of ExtensionCallback and ScopedToken tokens
 * @param restUrl          the REST API root: its host is in the {@code aud} of ExtensionRestApiCallback tokens
 * @param identityLifetime validity of identity tokens (Exchange: 8 hours); whole seconds count
 * @param callbackLifetime validity of callback tokens (Exchange: minutes); whole seconds count
 */
public record IssuerSettings(String realm, URI metadataUrl, URI ewsUrl, URI restUrl, Duration identityLifetime,
                             Duration callbackLifetime) {

    /** The well-known application id of Exchange; tokens are issued as {@code <this>@<realm>}. */
    public static final String EXCHANGE_PRINCIPAL = "00000002-0000-0ff1-ce00-000000000000";

    public IssuerSettings {
        requireNonNull(realm, "realm");
        requireNonNull(metadataUrl, "metadataUrl");
        requireNonNull(ewsUrl, "ewsUrl");
        requireNonNull(restUrl, "restUrl");
        requireNonNull(identityLifetime, "identityLifetime");
        requireNonNull(callbackLifetime, "callbackLifetime");
        if (realm.isBlank()) {
            throw new IllegalArgumentException("realm is blank");
        }
        if (ewsUrl.getHost() == null || restUrl.getHost() == null) {
            throw new IllegalArgumentException("the EWS and REST URLs must be absolute with a host");
        }
        requireWholeSecond("identityLifetime", identityLifetime);
        requireWholeSecond("callbackLifetime", callbackLifetime);
    }

    private static void requireWholeSecond(String name, Duration lifetime) {
        if (lifetime.getSeconds() < 1) {
            throw new IllegalArgumentException(name + " must be at least one second: " + lifetime);
        }
    }

    /** The {@code iss} claim (and the identity token's {@code appctxsender}): {@code 00000002-0000-0ff1-ce00-000000000000@realm}. */
    public String issuer() {
        return EXCHANGE_PRINCIPAL + "@" + realm;
    }

    /**
     * A callback token's {@code aud}, as Exchange writes it: {@code 00000002-0000-0ff1-ce00-000000000000/<host>@<realm>},
     * where host is the host of the EWS URL (the REST URL for {@link CallbackKind#REST_API_CALLBACK}), without port.
     */
    public String callbackAudience(CallbackKind kind) {
        URI endpoint = kind == CallbackKind.REST_API_CALLBACK ? restUrl : ewsUrl;
        return EXCHANGE_PRINCIPAL + "/" + endpoint.getHost() + "@" + realm;
    }
}
