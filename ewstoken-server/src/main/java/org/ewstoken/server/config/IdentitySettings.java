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

    /** Reads every sign-in method's record from the configuration. */
    static IdentitySettings from(SettingValues v) {
        return new IdentitySettings(LdapSettings.from(v), NegotiateSettings.from(v), OidcSettings.from(v),
                TrustedFrontSettings.from(v));
    }
}
