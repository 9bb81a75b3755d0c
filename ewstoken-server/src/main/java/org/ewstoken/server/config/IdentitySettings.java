package org.ewstoken.server.config;

/**
 * The sign-in methods beside local users over Basic, one validated record per method
 * (docs/identity.md).
 */
public record IdentitySettings(LdapSettings ldap, NegotiateSettings negotiate, OidcSettings oidc, TrustedFrontSettings front) {

    public IdentitySettings {
        if (negotiate.enabled() && negotiate.mapping().equals("directory") && !ldap.enabled()) {
            throw new ConfigException("negotiate-mapping=directory needs ldap-url (or use negotiate-mapping=realm)");
        }
    }

    static IdentitySettings resolve(ServerConfig.Values r) {
        return new IdentitySettings(new LdapSettings(LdapSettings.parseUrls(r.get(Setting.LDAP_URL)),
                r.bool(Setting.LDAP_START_TLS), r.optional(Setting.LDAP_CA_FILE).map(java.nio.file.Path::of),
                r.optional(Setting.LDAP_BIND_DN), r.optional(Setting.LDAP_BIND_PASSWORD_FILE).map(java.nio.file.Path::of),
                r.get(Setting.LDAP_BASE_DN), r.get(Setting.LDAP_USER_FILTER), r.get(Setting.LDAP_MAIL_ATTRIBUTE),
                r.optional(Setting.LDAP_USERS_GROUP), r.optional(Setting.LDAP_INSTALLERS_GROUP),
                r.duration(Setting.LDAP_TIMEOUT), r.integer(Setting.LDAP_POOL_SIZE), r.duration(Setting.LDAP_CACHE_TTL),
                r.optional(Setting.LDAP_ADMINS_GROUP)),
                new NegotiateSettings(r.optional(Setting.NEGOTIATE_KEYTAB).map(java.nio.file.Path::of),
                        r.get(Setting.NEGOTIATE_PRINCIPAL), NegotiateSettings.parseRealms(r.get(Setting.NEGOTIATE_REALMS)),
                        r.get(Setting.NEGOTIATE_MAPPING), r.optional(Setting.NEGOTIATE_KRB5_CONF).map(java.nio.file.Path::of)),
                new OidcSettings(OidcSettings.parseIssuer(r.optional(Setting.OIDC_ISSUER)),
                        OidcSettings.list(r.get(Setting.OIDC_AUDIENCE)), r.get(Setting.OIDC_CLAIM).trim(),
                        OidcSettings.algorithms(r.get(Setting.OIDC_ALGORITHMS)), r.duration(Setting.OIDC_JWKS_CACHE_TTL),
                        r.duration(Setting.OIDC_CLOCK_SKEW)),
                new TrustedFrontSettings(TrustedFrontSettings.parseFiles(r.get(Setting.FRONT_CLIENT_CERTIFICATES)),
                        r.optional(Setting.FRONT_HMAC_SECRET_FILE).map(java.nio.file.Path::of),
                        r.duration(Setting.FRONT_CLOCK_WINDOW)));
    }
}
