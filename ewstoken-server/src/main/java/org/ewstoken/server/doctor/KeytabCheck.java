package org.ewstoken.server.doctor;

import java.nio.file.Path;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ewstoken.server.config.NegotiateSettings;

/** The keytab holds keys for {@code negotiate-principal}: without them no Kerberos ticket can be accepted. */
record KeytabCheck(NegotiateSettings settings) implements Check.Probe {

    @Override
    public Outcome run() {
        if (!settings.enabled()) return Outcome.skipped("no negotiate-keytab");
        Path file = settings.keytab().orElseThrow();
        // As the server does (NegotiateMethod): the JVM reads one krb5.conf, named by this property.
        settings.krb5Conf().ifPresent(p -> System.setProperty("java.security.krb5.conf", p.toString()));
        if (settings.principal().equals("*")) {
            return KeyTab.getUnboundInstance(file.toFile()).exists()
                    ? Outcome.ok(file + " is readable; negotiate-principal is *, so any principal in it is accepted"
                            + " (name the principal to have it checked)")
                    : Outcome.fail(file + " cannot be read", "check negotiate-keytab and its permissions");
        }
        KerberosPrincipal principal;
        try {
            principal = new KerberosPrincipal(settings.principal(), KerberosPrincipal.KRB_NT_SRV_HST);
        } catch (IllegalArgumentException e) {
            return Outcome.fail("negotiate-principal '" + settings.principal() + "' is not a Kerberos principal name",
                    "write it as HTTP/host.example.com@REALM");
        }
        KeyTab keytab = KeyTab.getInstance(principal, file.toFile());
        if (!keytab.exists()) return Outcome.fail(file + " cannot be read", "check negotiate-keytab and its permissions");
        KerberosKey[] keys = keytab.getKeys(principal);
        if (keys.length == 0) {
            return Outcome.fail(file + " holds no key for " + principal.getName(), "export the keys of "
                    + principal.getName() + " into it (ktpass, or kadmin ktadd), or correct negotiate-principal");
        }
        return Outcome.ok(file + " holds " + keys.length + " key" + (keys.length == 1 ? "" : "s") + " for "
                + principal.getName());
    }
}
