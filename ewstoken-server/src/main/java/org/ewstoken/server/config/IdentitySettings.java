package org.ewstoken.server.config;

/**
 * The sign-in methods beside local users over Basic, one validated record per method
 * (docs/identity.md).
 */
public record IdentitySettings(LdapSettings ldap) {

    static IdentitySettings resolve(ServerConfig.Values r) {
        return new IdentitySettings(new LdapSettings(LdapSettings.parseUrls(r.get(Setting.LDAP_URL)),
                r.bool(Setting.LDAP_START_TLS), r.optional(Setting.LDAP_CA_FILE).map(java.nio.file.Path::of),
                r.optional(Setting.LDAP_BIND_DN), r.optional(Setting.LDAP_BIND_PASSWORD_FILE).map(java.nio.file.Path::of),
                r.get(Setting.LDAP_BASE_DN), r.get(Setting.LDAP_USER_FILTER), r.get(Setting.LDAP_MAIL_ATTRIBUTE),
                r.optional(Setting.LDAP_USERS_GROUP), r.optional(Setting.LDAP_INSTALLERS_GROUP),
                r.duration(Setting.LDAP_TIMEOUT), r.integer(Setting.LDAP_POOL_SIZE), r.duration(Setting.LDAP_CACHE_TTL),
                r.optional(Setting.LDAP_ADMINS_GROUP)));
    }
}
