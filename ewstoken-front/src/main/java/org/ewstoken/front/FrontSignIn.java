package org.ewstoken.front;

import com.ctc.wstx.stax.WstxInputFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.ewstoken.server.Feature;
import org.ewstoken.server.Lifecycle;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.identity.SignInMethod;
import org.ewstoken.server.identity.ldap.LdapDirectory;
import org.ewstoken.server.identity.negotiate.NegotiateMethod;

/**
 * The front's sign-in side, built in one place: the upstream password check (HTTP Basic) and the relayed
 * NTLM/Negotiate sign-in, both naming the mailbox the way that holds on Exchange and on gromox (docs/front.md,
 * "Who is calling"). With {@code ldap-url} the front opens the directory for NTLM user names; with
 * {@code negotiate-keytab} it reads Kerberos client principals itself. Both close with the server.
 *
 * @param passwords the Basic check offered to the server's sign-in
 * @param signIns   the relayed connections' sign-in method
 * @param relay     what the EWS router asks on local operations
 * @param directory the front's own connection to the directory, when ldap-url is set
 */
record FrontSignIn(UpstreamPasswordCheck passwords, RelayedSignIn signIns, NegotiateRelay relay,
                   Optional<LdapDirectory> directory) {

    /** {@code installed} with the sign-in parts: the password check only without a directory (then the user source). */
    Feature.Installed addTo(Feature.Installed installed) {
        Feature.Installed with = installed.withSignInMethod(signIns);
        if (directory.isPresent()) return with.with(Lifecycle.closing(directory.get()));
        return with.withPasswordCheck(passwords);
    }

    static FrontSignIn install(Feature.Context context, UpstreamProxy proxy, WstxInputFactory xml,
                               AliasMailboxes aliases) {
        ServerConfig config = context.config();
        FrontSettings settings = config.front();
        URI url = settings.ewsUrl().orElseThrow();
        Duration timeout = settings.connectTimeout().plus(settings.idleTimeout());
        UpstreamEws upstream = new UpstreamEws(proxy::getHttpClient, url, "", xml, timeout);
        MailboxNaming naming = new MailboxNaming(upstream, xml);
        Optional<LdapDirectory> directory = Optional.empty();
        if (config.identity().ldap().enabled()) {
            directory = Optional.of(LdapDirectory.open(config.identity().ldap()));
        }
        var negotiate = config.identity().negotiate();
        Optional<SignInMethod> kerberos = negotiate.enabled()
                ? Optional.of(NegotiateMethod.open(negotiate, directory)) : Optional.empty();
        RelayedSignIn signIns = new RelayedSignIn();
        NegotiateRelay relay = new NegotiateRelay(proxy, upstream, new RelayedMailbox(naming, upstream, kerberos, directory),
                signIns, settings.connectTimeout());
        return new FrontSignIn(new UpstreamPasswordCheck(naming, Duration.ofMinutes(5), System::nanoTime, aliases),
                signIns, relay, directory);
    }
}
