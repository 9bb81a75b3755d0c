package org.ewstoken.server.identity;

import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import org.ewstoken.server.identity.negotiate.KeytabLogin;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/** A JDK GSS-API client: logs in from a keytab and makes SPNEGO tokens for a service principal. */
public final class GssClient {

    static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    static final Oid KRB5_PRINCIPAL = oid("1.2.840.113554.1.2.2.1");

    private final Subject subject;
    private GSSContext context;

    public GssClient(Path keytab, String principal) throws Exception {
        subject = KeytabLogin.initiator(keytab, principal);
    }

    /** The first SPNEGO token for {@code service} (e.g. HTTP/localhost@EXAMPLE.TEST). */
    public byte[] token(String service, boolean mutual) throws Exception {
        return Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> {
            GSSManager m = GSSManager.getInstance();
            GSSName name = m.createName(service, KRB5_PRINCIPAL);
            context = m.createContext(name, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
            context.requestMutualAuth(mutual);
            return context.initSecContext(new byte[0], 0, 0);
        });
    }

    /** Feeds the server's reply token; true when the server proved itself (mutual authentication). */
    public boolean acceptReply(byte[] reply) throws Exception {
        return Subject.doAs(subject, (PrivilegedExceptionAction<Boolean>) () -> {
            context.initSecContext(reply, 0, reply.length);
            return context.isEstablished();
        });
    }

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
