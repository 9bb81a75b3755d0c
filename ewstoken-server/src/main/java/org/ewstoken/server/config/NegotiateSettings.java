package org.ewstoken.server.config;

import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Negotiate (SPNEGO with Kerberos), the way Outlook signs in to an on-premises server. No keytab:
 * off. docs/identity.md has the recipe (keytab for {@code HTTP/<host>@REALM}).
 *
 * @param keytab     the service's keytab
 * @param principal  the service principal to accept for, e.g. {@code HTTP/mail.contoso.com@CONTOSO.COM};
 *                   {@code *}: any principal in the keytab
 * @param realms     realm (upper case) to mail domain: which clients' realms are accepted, and for the
 *                   {@code realm} mapping, how {@code alice@CONTOSO.COM} becomes {@code alice@contoso.com}
 * @param mapping    {@code directory}: the client principal is looked up as userPrincipalName in the
 *                   directory (ldap-url); {@code realm}: the realm rule alone
 * @param krb5Conf   krb5.conf for the JVM (java.security.krb5.conf, which is JVM-wide), or the default
 */
public record NegotiateSettings(Optional<Path> keytab, String principal, Map<String, String> realms, String mapping,
                                Optional<Path> krb5Conf) {

    public static final Setting NEGOTIATE_KEYTAB = new Setting("negotiate-keytab", "",
            "Keytab for HTTP/<host>@REALM: enables Negotiate (Kerberos via SPNEGO), offered beside Basic.");
    public static final Setting NEGOTIATE_PRINCIPAL = new Setting("negotiate-principal", "*",
            "Service principal to accept tickets for, e.g. HTTP/mail.contoso.com@CONTOSO.COM (*: any in the keytab).");
    public static final Setting NEGOTIATE_REALMS = new Setting("negotiate-realms", "",
            "Accepted client realms and their mail domains, e.g. CONTOSO.COM=contoso.com (comma separated).");
    public static final Setting NEGOTIATE_MAPPING = new Setting("negotiate-mapping", "realm",
            "How a client principal becomes a mailbox: realm (alice@CONTOSO.COM -> alice@contoso.com) or "
                    + "directory (its userPrincipalName in ldap-url's directory).");
    public static final Setting NEGOTIATE_KRB5_CONF = new Setting("negotiate-krb5-conf", "",
            "krb5.conf for the JVM (sets java.security.krb5.conf, which is JVM-wide; default: the system's).");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(NEGOTIATE_KEYTAB, NEGOTIATE_PRINCIPAL, NEGOTIATE_REALMS,
            NEGOTIATE_MAPPING, NEGOTIATE_KRB5_CONF);

    /** Reads this record from the configuration. */
    static NegotiateSettings from(SettingValues v) {
        return new NegotiateSettings(v.path(NEGOTIATE_KEYTAB), v.get(NEGOTIATE_PRINCIPAL),
                parseRealms(v.get(NEGOTIATE_REALMS)), v.get(NEGOTIATE_MAPPING), v.path(NEGOTIATE_KRB5_CONF));
    }

    public NegotiateSettings {
        realms = Map.copyOf(realms);
        if (keytab.isPresent()) {
            if (!Files.isReadable(keytab.get())) {
                throw new ConfigException("negotiate-keytab " + keytab.get() + " cannot be read");
            }
            if (!mapping.equals("directory") && !mapping.equals("realm")) {
                throw new ConfigException("negotiate-mapping must be directory or realm, was '" + mapping + "'");
            }
            if (realms.isEmpty()) {
                throw new ConfigException("negotiate-realms must name the accepted client realms, e.g. "
                        + "CONTOSO.COM=contoso.com");
            }
            if (krb5Conf.isPresent() && !Files.isReadable(krb5Conf.get())) {
                throw new ConfigException("negotiate-krb5-conf " + krb5Conf.get() + " cannot be read");
            }
        }
    }

    public boolean enabled() {
        return keytab.isPresent();
    }

    /** {@code CONTOSO.COM=contoso.com, EXAMPLE.ORG=example.org}. */
    static Map<String, String> parseRealms(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split("[\\s,]+")) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new ConfigException("negotiate-realms entries are REALM=mail.domain, was '" + part + "'");
            }
            out.put(part.substring(0, eq).toUpperCase(Locale.ROOT), part.substring(eq + 1).toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
