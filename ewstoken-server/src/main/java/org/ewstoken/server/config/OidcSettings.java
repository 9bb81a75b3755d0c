package org.ewstoken.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * OAuth 2.0 bearer access tokens from an OpenID Connect provider. No issuer: off.
 *
 * @param issuer     the provider's issuer URL; its discovery document and keys are fetched from it
 * @param audiences  a token must name one of these in {@code aud} (the API's client id or URI)
 * @param claim      the claim naming the mailbox: {@code email}, {@code upn}, {@code preferred_username}...
 * @param algorithms signature algorithms accepted; asymmetric only (never none, never HS*)
 * @param jwksCacheTtl how long the provider's keys are used before they are fetched again
 * @param clockSkew  allowance on {@code exp} and {@code nbf}
 */
public record OidcSettings(Optional<URI> issuer, List<String> audiences, String claim, Set<String> algorithms,
                           Duration jwksCacheTtl, Duration clockSkew) {

    static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA");

    public OidcSettings {
        audiences = List.copyOf(audiences);
        algorithms = Set.copyOf(algorithms);
        if (issuer.isPresent()) {
            URI u = issuer.get();
            boolean loopback = u.getHost() != null && (u.getHost().equals("127.0.0.1") || u.getHost().equals("localhost")
                    || u.getHost().equals("[::1]"));
            if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
                throw new ConfigException("oidc-issuer must be an https URL (http only on loopback, for tests), was '"
                        + u + "'");
            }
            if (audiences.isEmpty()) {
                throw new ConfigException("oidc-audience is required with oidc-issuer: the token's aud must name ewstoken");
            }
            if (claim.isBlank()) throw new ConfigException("oidc-claim must name a claim, e.g. email");
            for (String a : algorithms) {
                if (!ASYMMETRIC.contains(a)) {
                    throw new ConfigException("oidc-algorithms may only list " + ASYMMETRIC + " (a shared-secret or "
                            + "unsigned token could be made by anyone holding the published key), was " + a);
                }
            }
            if (algorithms.isEmpty()) throw new ConfigException("oidc-algorithms must list at least one algorithm");
        }
    }

    public boolean enabled() {
        return issuer.isPresent();
    }

    static Optional<URI> parseIssuer(Optional<String> text) {
        return text.map(t -> {
            try {
                return URI.create(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("oidc-issuer '" + t + "' is not a URL");
            }
        });
    }

    static List<String> list(String text) {
        return java.util.Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
    }

    static Set<String> algorithms(String text) {
        return Set.copyOf(list(text).stream().map(a -> a.equalsIgnoreCase("eddsa") ? "EdDSA"
                : a.toUpperCase(Locale.ROOT)).toList());
    }
}
