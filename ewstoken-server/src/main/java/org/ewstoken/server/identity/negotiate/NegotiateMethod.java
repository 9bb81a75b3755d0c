package org.ewstoken.server.identity.negotiate;

import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.server.config.NegotiateSettings;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.SchemeMethod;
import org.ewstoken.server.identity.SignInResult;
import org.ewstoken.server.identity.ldap.DirectoryUser;
import org.ewstoken.server.identity.ldap.LdapDirectory;
import org.ewstoken.store.AccountName;
import org.ietf.jgss.GSSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Authorization: Negotiate} with Kerberos (what Outlook sends to an on-premises server),
 * through the JDK's GSS-API. The client principal becomes a mailbox through the directory (its
 * userPrincipalName) or a realm rule ({@code alice@CONTOSO.COM} to {@code alice@contoso.com}); a
 * principal from a realm not configured is refused. When the client asked for mutual
 * authentication, the reply token goes back in {@code WWW-Authenticate: Negotiate <token>}.
 *
 * <p>Tickets are not guessable, so this method is not behind the password throttle. Tokens and
 * tickets are never logged; an NTLM token (Outlook's fallback) is refused, see docs/identity.md.
 */
public final class NegotiateMethod extends SchemeMethod {

    private static final Logger LOG = LoggerFactory.getLogger(NegotiateMethod.class);
    /** Base64 of a ticket with a large AD PAC stays well below this; more is not a ticket. */
    static final int MAX_TOKEN_CHARS = 64 * 1024;
    /** "NTLMSSP\0" in base64. */
    private static final String NTLM_PREFIX = "TlRMTVNTUA";
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final KerberosAcceptor acceptor;
    private final Map<String, String> realms;
    private final Optional<LdapDirectory> directory;

    NegotiateMethod(KerberosAcceptor acceptor, Map<String, String> realms, Optional<LdapDirectory> directory) {
        super("Negotiate");
        this.acceptor = acceptor;
        this.realms = Map.copyOf(realms);
        this.directory = directory;
    }

    /** @param directory for {@code negotiate-mapping=directory}, else empty */
    public static NegotiateMethod open(NegotiateSettings settings, Optional<LdapDirectory> directory) {
        settings.krb5Conf().ifPresent(p -> System.setProperty("java.security.krb5.conf", p.toString()));
        return new NegotiateMethod(KerberosAcceptor.open(settings.keytab().orElseThrow(), settings.principal()),
                settings.realms(), settings.mapping().equals("directory") ? directory : Optional.empty());
    }

    /** A request of mine waits: its ticket is checked against the keytab, and its mailbox may have to be made. */
    @Override
    protected SignInResult signIn(String b64) {
        if (b64.isEmpty() || b64.length() > MAX_TOKEN_CHARS) return SignInResult.REFUSED;
        if (b64.startsWith(NTLM_PREFIX)) {
            LOG.debug("NTLM token refused: only Kerberos is accepted in Negotiate");
            return SignInResult.REFUSED;
        }
        byte[] token;
        try {
            token = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return SignInResult.REFUSED;
        }
        Optional<KerberosAcceptor.Accepted> accepted;
        try {
            accepted = acceptor.accept(token);
        } catch (GSSException e) {
            // The major/minor codes say what (bad token, wrong key, expired, replay); never the token.
            LOG.debug("Negotiate token refused: {}", e.getMajorString());
            return SignInResult.REFUSED;
        } catch (RuntimeException e) {
            LOG.debug("Negotiate token refused: {}", e.getClass().getSimpleName());
            return SignInResult.REFUSED;
        }
        if (accepted.isEmpty()) return SignInResult.REFUSED; // wanted another leg: not Kerberos
        Optional<String> reply = accepted.get().reply().map(r -> "Negotiate " + Base64.getEncoder().encodeToString(r));
        return identity(accepted.get().clientPrincipal())
                .map(r -> r instanceof SignInResult.SignedIn s ? new SignInResult.SignedIn(s.identity(), reply) : r)
                .orElse(SignInResult.REFUSED);
    }

    /** The mailbox identity of {@code alice@REALM}, or empty when it is none of ours. */
    private Optional<SignInResult> identity(String principal) {
        int at = principal.lastIndexOf('@');
        if (at <= 0) return Optional.empty();
        String user = principal.substring(0, at);
        String realm = principal.substring(at + 1);
        String domain = realms.get(realm.toUpperCase(Locale.ROOT));
        if (domain == null || user.indexOf('/') >= 0) { // another realm, or a service principal
            LOG.info("Kerberos principal of realm {} refused: not in negotiate-realms", realm);
            return Optional.empty();
        }
        if (directory.isPresent()) {
            Optional<DirectoryUser> found;
            try {
                found = directory.get().find(user + "@" + realm);
            } catch (LdapDirectory.UnavailableException e) {
                return Optional.of(new SignInResult.Unavailable(RETRY_AFTER, e.getMessage()));
            }
            if (found.isEmpty() || !found.get().usable()) return Optional.empty();
            DirectoryUser u = found.get();
            return Optional.of(new SignInResult.SignedIn(new Identity(u.smtpAddress(), u.displayName(),
                    Optional.of(u.immutableId()), Optional.empty(), new Identity.Grants(u.mayUseAddIns(), u.mayInstall()),
                    name())));
        }
        Optional<AccountName> mailbox = AccountName.parse(user + "@" + domain);
        if (mailbox.isEmpty()) return Optional.empty();
        return Optional.of(new SignInResult.SignedIn(new Identity(mailbox.get().value(), user, Optional.empty(),
                Optional.empty(), Identity.Grants.ALL, name())));
    }
}
