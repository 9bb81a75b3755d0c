package org.ewstoken.server.doctor;

import java.util.Optional;
import org.ewstoken.server.config.LdapSettings;
import org.ewstoken.server.identity.ldap.DirectoryUser;
import org.ewstoken.server.identity.ldap.LdapDirectory;

/** The directory answers the service account's bind, and a search finds the given mailbox (with the same code as sign-in). */
record LdapCheck(LdapSettings settings, Optional<String> mailbox) implements Check.Probe {

    @Override
    public Outcome run() {
        if (!settings.enabled()) return Outcome.skipped("no ldap-url");
        try (LdapDirectory directory = LdapDirectory.open(settings)) {
            directory.probe();
            if (mailbox.isEmpty()) {
                return Outcome.ok("bound to " + settings.urls() + (settings.bindDn().isPresent() ? " as "
                        + settings.bindDn().get() : " anonymously") + " (give --mailbox for a test search)");
            }
            Optional<DirectoryUser> user = directory.find(mailbox.get());
            if (user.isEmpty()) {
                return Outcome.fail("bound, but searching " + settings.baseDn() + " finds no single entry for "
                        + mailbox.get(), "check ldap-base-dn, ldap-user-filter and ldap-mail-attribute");
            }
            return Outcome.ok("bound, and the search found " + user.get().dn());
        } catch (LdapDirectory.UnavailableException e) {
            boolean credentials = String.valueOf(e.getMessage()).contains("invalid credentials");
            return Outcome.fail("the directory at " + settings.urls() + " refused or did not answer: " + e.getMessage(),
                    credentials ? "check ldap-bind-dn and the password in ldap-bind-password-file"
                            : "check ldap-url, the firewall and ldap-ca-file");
        }
    }
}
