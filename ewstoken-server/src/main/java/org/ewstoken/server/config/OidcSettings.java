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

    public static final Setting OIDC_ISSUER = new Setting("oidc-issuer", "",
            "OpenID Connect issuer URL (e.g. https://sso.contoso.com/realms/mail): enables Bearer access tokens.");
    public static final Setting OIDC_AUDIENCE = new Setting("oidc-audience", "",
            "Accepted token audiences (aud), comma separated: the client id or API URI ewstoken has at the provider.");
    public static final Setting OIDC_CLAIM = new Setting("oidc-claim", "email",
            "Claim holding the mailbox address: email, upn, preferred_username or another.");
    public static final Setting OIDC_ALGORITHMS = new Setting("oidc-algorithms", "RS256,PS256,ES256",
            "Accepted token signature algorithms (asymmetric only).");
    public static final Setting OIDC_JWKS_CACHE_TTL = new Setting("oidc-jwks-cache-ttl", "10m",
            "How long the provider's keys are used before they are fetched again (an unknown key id refetches sooner).");
    public static final Setting OIDC_CLOCK_SKEW = new Setting("oidc-clock-skew", "60s",
            "Allowance on a token's exp and nbf.");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(OIDC_ISSUER, OIDC_AUDIENCE, OIDC_CLAIM, OIDC_ALGORITHMS,
            OIDC_JWKS_CACHE_TTL, OIDC_CLOCK_SKEW);

    /** Reads this record from the configuration. */
    static OidcSettings from(SettingValues v) {
        return new OidcSettings(parseIssuer(v.optional(OIDC_ISSUER)), list(v.get(OIDC_AUDIENCE)), v.get(OIDC_CLAIM).trim(),
                algorithms(v.get(OIDC_ALGORITHMS)), v.duration(OIDC_JWKS_CACHE_TTL), v.duration(OIDC_CLOCK_SKEW));
    }

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
