package org.ewstoken.server.identity.negotiate;

import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * A Kerberos login with a principal's keys from a keytab, made in code: JAAS's Krb5LoginModule without a
 * jaas.conf, and never a prompt. The server's acceptor uses it; so do the tests' Kerberos clients and mail server.
 */
public final class KeytabLogin {

    private KeytabLogin() {
    }

    /** A service's login: it keeps its keys to decrypt tickets, and needs no KDC. */
    public static Subject acceptor(Path keytab, String principal) throws LoginException {
        return login(keytab, principal, false);
    }

    /** A client's login: it asks the KDC for tickets. */
    public static Subject initiator(Path keytab, String principal) throws LoginException {
        return login(keytab, principal, true);
    }

    private static Subject login(Path keytab, String principal, boolean initiator) throws LoginException {
        Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.toString(),
                "principal", principal, "storeKey", String.valueOf(!initiator), "isInitiator", String.valueOf(initiator),
                "doNotPrompt", "true", "refreshKrb5Config", "true");
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        LoginContext login = new LoginContext("ewstoken-keytab", new Subject(), callbacks -> {
            throw new UnsupportedCallbackException(callbacks[0], "no prompts: the keys come from the keytab");
        }, jaas);
        login.login();
        return login.getSubject();
    }
}
