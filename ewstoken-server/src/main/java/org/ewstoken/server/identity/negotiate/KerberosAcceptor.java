package org.ewstoken.server.identity.negotiate;

import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.ewstoken.server.config.ConfigException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * The JDK's GSS-API as a SPNEGO/Kerberos acceptor with the service's keys from a keytab ({@link KeytabLogin}:
 * no jaas.conf, and no KDC contact, since an acceptor only decrypts tickets).
 * Each token gets a fresh context: Kerberos in SPNEGO completes in one leg.
 */
final class KerberosAcceptor {

    static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    static final Oid KRB5 = oid("1.2.840.113554.1.2.2");

    /** What a token came to. */
    record Accepted(String clientPrincipal, Optional<byte[]> reply) {}

    private final GSSManager manager = GSSManager.getInstance();
    private final Subject subject;
    private final GSSCredential credential;

    private KerberosAcceptor(Subject subject, GSSCredential credential) {
        this.subject = subject;
        this.credential = credential;
    }

    static KerberosAcceptor open(Path keytab, String principal) {
        try {
            Subject subject = KeytabLogin.acceptor(keytab, principal);
            GSSManager manager = GSSManager.getInstance();
            GSSCredential credential = Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () ->
                    manager.createCredential(null, GSSCredential.INDEFINITE_LIFETIME, new Oid[] {SPNEGO, KRB5},
                            GSSCredential.ACCEPT_ONLY));
            return new KerberosAcceptor(subject, credential);
        } catch (LoginException | PrivilegedActionException e) {
            throw new ConfigException("cannot use negotiate-keytab " + keytab + " for " + principal + ": "
                    + e.getMessage());
        }
    }

    /**
     * Accepts one SPNEGO or raw Kerberos token.
     *
     * @return empty when the exchange would need another leg (not Kerberos)
     * @throws GSSException when the token is not a valid ticket for this service (garbage, another
     *     realm's, expired, replayed)
     */
    Optional<Accepted> accept(byte[] token) throws GSSException {
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<Optional<Accepted>>) () -> {
                GSSContext context = manager.createContext(credential);
                try {
                    byte[] reply = context.acceptSecContext(token, 0, token.length);
                    if (!context.isEstablished()) return Optional.empty();
                    return Optional.of(new Accepted(context.getSrcName().toString(),
                            Optional.ofNullable(reply).filter(r -> r.length > 0)));
                } finally {
                    context.dispose();
                }
            });
        } catch (PrivilegedActionException e) {
            if (e.getException() instanceof GSSException g) throw g;
            throw new IllegalStateException(e.getException());
        }
    }

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
