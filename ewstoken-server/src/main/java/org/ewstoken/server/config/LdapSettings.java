package org.ewstoken.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The directory users sign in against (Active Directory or OpenLDAP); docs/identity.md has recipes.
 * No {@code ldap-url}: off. The service account's password comes from a file, never the setting itself.
 *
 * @param urls            {@code ldap://} or {@code ldaps://} servers, tried in order
 * @param startTls        upgrade {@code ldap://} connections with StartTLS
 * @param caFile          PEM file with the CA certificates the directory's certificate must chain to
 *                        (default: the JVM's trust store)
 * @param bindDn          the service account that searches for users
 * @param bindPasswordFile file whose first line is the service account's password
 * @param baseDn          where users are searched (the whole subtree)
 * @param userFilter      finds a user by what they typed; {@code {0}} is the escaped name
 * @param mailAttribute   holds the mailbox's primary SMTP address (else {@code proxyAddresses} SMTP:)
 * @param usersGroup     DN of the group whose members may use add-ins at all (empty: everybody)
 * @param installersGroup DN of the group whose members may install add-ins (empty: everybody)
 * @param timeout         connect and operation timeout
 * @param poolSize        most connections held open
 * @param cacheTtl        how long a successful sign-in is remembered (also while the directory is down)
 * @param adminsGroup     DN of the group whose members are administrators (console, admin API); empty: none
 */
public record LdapSettings(List<URI> urls, boolean startTls, Optional<Path> caFile, Optional<String> bindDn,
                           Optional<Path> bindPasswordFile, String baseDn, String userFilter, String mailAttribute,
                           Optional<String> usersGroup, Optional<String> installersGroup, Duration timeout,
                           int poolSize, Duration cacheTtl, Optional<String> adminsGroup) {

    public static final Setting LDAP_URL = new Setting("ldap-url", "",
            "Directory for sign-in (AD or OpenLDAP): ldaps://dc1.contoso.com or ldap://host (several: space "
                    + "separated, tried in order); unset, only local users sign in.");
    public static final Setting LDAP_START_TLS = new Setting("ldap-start-tls", "false",
            "Upgrade ldap:// connections with StartTLS.");
    public static final Setting LDAP_CA_FILE = new Setting("ldap-ca-file", "",
            "PEM file with the CA certificates the directory's TLS certificate must chain to (default: the JVM's).");
    public static final Setting LDAP_BIND_DN = new Setting("ldap-bind-dn", "",
            "Service account that searches for users, e.g. CN=ewstoken,OU=Service,DC=contoso,DC=com.");
    public static final Setting LDAP_BIND_PASSWORD_FILE = Setting.secret("ldap-bind-password-file", "",
            "File whose first line is the service account's password.");
    public static final Setting LDAP_BASE_DN = new Setting("ldap-base-dn", "",
            "Where users are searched (subtree), e.g. DC=contoso,DC=com.");
    public static final Setting LDAP_USER_FILTER = new Setting("ldap-user-filter", LdapSettings.DEFAULT_FILTER,
            "Finds a user by the name typed at sign-in; {0} is the name, escaped.");
    public static final Setting LDAP_MAIL_ATTRIBUTE = new Setting("ldap-mail-attribute", "mail",
            "Attribute with the mailbox's primary SMTP address (else proxyAddresses SMTP:).");
    public static final Setting LDAP_USERS_GROUP = new Setting("ldap-users-group", "",
            "DN of the group whose members may use add-ins at all (default: every directory user).");
    public static final Setting LDAP_INSTALLERS_GROUP = new Setting("ldap-installers-group", "",
            "DN of the group whose members may install add-ins themselves (default: as user-add-ins says).");
    public static final Setting LDAP_TIMEOUT = new Setting("ldap-timeout", "5s",
            "Connect and operation timeout for the directory.");
    public static final Setting LDAP_POOL_SIZE = new Setting("ldap-pool-size", "10",
            "Most directory connections held open.");
    public static final Setting LDAP_CACHE_TTL = new Setting("ldap-cache-ttl", "5m",
            "How long a successful directory sign-in is remembered, also while the directory is down (0 = never).");
    public static final Setting LDAP_ADMINS_GROUP = new Setting("ldap-admins-group", "",
            "DN of the directory group whose members are administrators of the console and admin API, beside "
                    + "users given the admin role (default: none).");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(LDAP_URL, LDAP_START_TLS, LDAP_CA_FILE, LDAP_BIND_DN,
            LDAP_BIND_PASSWORD_FILE, LDAP_BASE_DN, LDAP_USER_FILTER, LDAP_MAIL_ATTRIBUTE, LDAP_USERS_GROUP,
            LDAP_INSTALLERS_GROUP, LDAP_TIMEOUT, LDAP_POOL_SIZE, LDAP_CACHE_TTL, LDAP_ADMINS_GROUP);

    /** Reads this record from the configuration. */
    static LdapSettings from(SettingValues v) {
        return new LdapSettings(parseUrls(v.get(LDAP_URL)), v.bool(LDAP_START_TLS), v.path(LDAP_CA_FILE),
                v.optional(LDAP_BIND_DN), v.path(LDAP_BIND_PASSWORD_FILE), v.get(LDAP_BASE_DN), v.get(LDAP_USER_FILTER),
                v.get(LDAP_MAIL_ATTRIBUTE), v.optional(LDAP_USERS_GROUP), v.optional(LDAP_INSTALLERS_GROUP),
                v.duration(LDAP_TIMEOUT), v.integer(LDAP_POOL_SIZE), v.duration(LDAP_CACHE_TTL),
                v.optional(LDAP_ADMINS_GROUP));
    }

    public static final String DEFAULT_FILTER =
            "(&(objectClass=person)(|(mail={0})(userPrincipalName={0})(proxyAddresses=smtp:{0})))";

    public LdapSettings {
        urls = List.copyOf(urls);
        for (URI u : urls) {
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ldap") && !scheme.equals("ldaps") || u.getHost() == null) {
                throw new ConfigException("ldap-url must be ldap://host[:port] or ldaps://host[:port], was '" + u + "'");
            }
            if (startTls && scheme.equals("ldaps")) {
                throw new ConfigException("ldap-start-tls is for ldap:// URLs; an ldaps:// URL is TLS already");
            }
        }
        if (!urls.isEmpty()) {
            if (baseDn.isBlank()) throw new ConfigException("ldap-base-dn is required with ldap-url");
            if (!userFilter.contains("{0}")) {
                throw new ConfigException("ldap-user-filter must contain {0}, where the escaped user name goes");
            }
            if (bindDn.isPresent() != bindPasswordFile.isPresent()) {
                throw new ConfigException("ldap-bind-dn and ldap-bind-password-file go together");
            }
        }
        Checks.positive(LDAP_TIMEOUT, timeout);
        Checks.atLeast(LDAP_POOL_SIZE, poolSize, 1);
        Checks.notNegative(LDAP_CACHE_TTL, cacheTtl);
    }

    /** Without an admins group: administrators are only those with the stored admin role. */
    public LdapSettings(List<URI> urls, boolean startTls, Optional<Path> caFile, Optional<String> bindDn,
                        Optional<Path> bindPasswordFile, String baseDn, String userFilter, String mailAttribute,
                        Optional<String> usersGroup, Optional<String> installersGroup, Duration timeout,
                        int poolSize, Duration cacheTtl) {
        this(urls, startTls, caFile, bindDn, bindPasswordFile, baseDn, userFilter, mailAttribute, usersGroup,
                installersGroup, timeout, poolSize, cacheTtl, Optional.empty());
    }

    public boolean enabled() {
        return !urls.isEmpty();
    }

    /** Space- or comma-separated URLs. */
    static List<URI> parseUrls(String text) {
        List<URI> out = new ArrayList<>();
        for (String part : text.split("[\\s,]+")) {
            if (part.isBlank()) continue;
            try {
                out.add(URI.create(part));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("ldap-url '" + part + "' is not a URL");
            }
        }
        return out;
    }

    /** The service account's password, read now; empty for an anonymous search. */
    public Optional<String> bindPassword() {
        return bindPasswordFile.map(file -> {
            String pw = SecretFiles.firstLine(LDAP_BIND_PASSWORD_FILE, file);
            if (pw.isEmpty()) throw new ConfigException("ldap-bind-password-file " + file + " is empty");
            return pw;
        });
    }
}
