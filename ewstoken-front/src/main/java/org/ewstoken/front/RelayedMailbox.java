package org.ewstoken.front;

import java.util.Optional;
import org.eclipse.jetty.client.Connection;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.SignInMethod;
import org.ewstoken.server.identity.SignInRequest;
import org.ewstoken.server.identity.SignInResult;
import org.ewstoken.server.identity.ldap.DirectoryUser;
import org.ewstoken.server.identity.ldap.LdapDirectory;

/**
 * Which mailbox a client connection is once the upstream accepted its NTLM or Negotiate handshake. The upstream's
 * answers need not say (gromox's ConvertId names nobody), so the accepted handshake does:
 * <ul>
 *   <li>NTLM: the AUTHENTICATE message carries the user (and domain) in clear; the directory finds it when
 *       {@code ldap-url} is set, else the upstream resolves it ({@link MailboxNaming}, on the connection itself, so
 *       the candidate the connection owns is the one);</li>
 *   <li>Kerberos: with {@code negotiate-keytab}, ewstoken reads the client principal from the ticket itself (the
 *       ticket is for ewstoken's host name) and maps it as its Negotiate sign-in does;</li>
 *   <li>otherwise a ConvertId of the inbox's id, which Exchange answers with the mailbox.</li>
 * </ul>
 */
final class RelayedMailbox {

    /** What naming came to. */
    sealed interface Result permits Named, Unnamed, Unavailable {}

    record Named(Identity identity) implements Result {}

    /** Nobody could be named; {@code why} tells the operator what to configure. */
    record Unnamed(String why) implements Result {}

    record Unavailable(String why) implements Result {}

    private final MailboxNaming naming;
    private final UpstreamEws upstream;
    private final Optional<SignInMethod> kerberos;
    private final Optional<LdapDirectory> directory;

    RelayedMailbox(MailboxNaming naming, UpstreamEws upstream, Optional<SignInMethod> kerberos,
                   Optional<LdapDirectory> directory) {
        this.naming = naming;
        this.upstream = upstream;
        this.kerberos = kerberos;
        this.directory = directory;
    }

    /**
     * @param on            the client's own upstream connection, signed in
     * @param authorization the handshake value the upstream accepted, or null when none was seen
     * @param inboxId       the inbox id the upstream answered on that connection, or null
     */
    Result name(Connection on, String authorization, String inboxId) throws UpstreamEws.UpstreamException {
        Optional<NtlmAuthenticate> ntlm = NtlmAuthenticate.read(authorization);
        if (ntlm.isPresent()) return ntlm(on, ntlm.get());
        if (authorization != null && kerberos.isPresent()) {
            SignInResult r = kerberos.get().signIn(SignInRequest.of(authorization, null));
            if (r instanceof SignInResult.SignedIn s) return primary(on, s.identity());
            if (r instanceof SignInResult.Unavailable u) return new Unavailable(u.reason());
            return new Unnamed("the mail server accepted a Kerberos ticket that ewstoken's negotiate-keytab cannot read "
                    + "or whose realm is not in negotiate-realms");
        }
        String smtp = upstream.convertedMailbox(on, inboxId);
        if (!smtp.isEmpty()) return new Named(identity(smtp));
        return new Unnamed(authorization == null
                ? "the connection signed in before ewstoken saw its handshake"
                : "the mail server does not say whose a Kerberos ticket is: set negotiate-keytab (docs/front.md)");
    }

    private Result ntlm(Connection on, NtlmAuthenticate who) throws UpstreamEws.UpstreamException {
        if (directory.isPresent()) {
            Optional<DirectoryUser> found;
            try {
                found = directory.get().find(who.name());
            } catch (LdapDirectory.UnavailableException e) {
                return new Unavailable(e.getMessage());
            }
            if (found.isPresent() && found.get().usable()) {
                DirectoryUser u = found.get();
                return primary(on, new Identity(u.smtpAddress(), u.displayName(), Optional.of(u.immutableId()),
                        Optional.empty(), new Identity.Grants(u.mayUseAddIns(), u.mayInstall()), "negotiate-relay"));
            }
        }
        MailboxNaming.Named named = naming.name(null, who.name(), on);
        if (named instanceof MailboxNaming.Mailbox m) return new Named(identity(m.smtp()));
        return new Unnamed(named instanceof MailboxNaming.Unnamed u ? u.why()
                : "the mail server no longer accepts the connection");
    }

    /**
     * A directory's identity stands (its msexchuid is the directory's id, as at Basic sign-in with ldap-url); a
     * realm-mapped {@code alice@contoso.com} may be an alias, so the upstream names its primary address on the
     * connection, as at Basic sign-in: the same person gets the same mailbox either way.
     */
    private Result primary(Connection on, Identity mapped) throws UpstreamEws.UpstreamException {
        if (mapped.immutableId().isPresent()) return new Named(mapped);
        MailboxNaming.Named named = naming.name(null, mapped.smtpAddress(), on);
        return new Named(named instanceof MailboxNaming.Mailbox m ? identity(m.smtp()) : mapped);
    }

    private static Identity identity(String smtp) {
        return new Identity(smtp, smtp, Optional.empty(), Optional.empty(), Identity.Grants.ALL, "negotiate-relay");
    }
}
