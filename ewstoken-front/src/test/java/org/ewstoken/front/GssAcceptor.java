package org.ewstoken.front;

import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import javax.security.auth.Subject;
import org.ewstoken.server.identity.negotiate.KeytabLogin;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * The mail server's side of Kerberos in the tests: the JDK's GSS-API accepting tickets with the service keytab,
 * as gromox does with gss_accept_sec_context and gss_display_name (exch/http/http_parser.cpp,
 * http_parser::auth_krb), answering the client principal's name.
 */
final class GssAcceptor {

    record Accepted(String principal, String reply) {}

    private final Subject subject;
    private final GSSCredential credential;

    GssAcceptor(Path keytab, String principal) throws Exception {
        subject = KeytabLogin.acceptor(keytab, principal);
        credential = Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () ->
                GSSManager.getInstance().createCredential(null, GSSCredential.INDEFINITE_LIFETIME,
                        new Oid[] {new Oid("1.3.6.1.5.5.2"), new Oid("1.2.840.113554.1.2.2")}, GSSCredential.ACCEPT_ONLY));
    }

    Accepted accept(byte[] token) throws Exception {
        return Subject.doAs(subject, (PrivilegedExceptionAction<Accepted>) () -> {
            GSSContext context = GSSManager.getInstance().createContext(credential);
            try {
                byte[] reply = context.acceptSecContext(token, 0, token.length);
                if (!context.isEstablished()) throw new IllegalStateException("not Kerberos");
                return new Accepted(context.getSrcName().toString(),
                        reply == null || reply.length == 0 ? null : Base64.getEncoder().encodeToString(reply));
            } finally {
                context.dispose();
            }
        });
    }
}
