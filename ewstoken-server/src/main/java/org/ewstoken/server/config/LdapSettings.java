package org.ewstoken.server.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        if (timeout.isNegative() || timeout.isZero()) throw new ConfigException("ldap-timeout must be positive");
        if (poolSize < 1) throw new ConfigException("ldap-pool-size must be at least 1");
        if (cacheTtl.isNegative()) throw new ConfigException("ldap-cache-ttl must not be negative");
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
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                String pw = lines.isEmpty() ? "" : lines.get(0).strip();
                if (pw.isEmpty()) throw new ConfigException("ldap-bind-password-file " + file + " is empty");
                return pw;
            } catch (IOException e) {
                throw new ConfigException("cannot read ldap-bind-password-file " + file + ": " + e.getMessage());
            }
        });
    }
}
