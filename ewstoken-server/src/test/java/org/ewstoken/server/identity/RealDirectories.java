package org.ewstoken.server.identity;

import java.nio.file.Path;

/** The real slapd and KDC fixtures of this package, for tests in other modules (the front's doctor test). */
public final class RealDirectories {

    private RealDirectories() {
    }

    /** A started slapd with its service account and users; {@link #close()} stops it. */
    public record Directory(Slapd slapd) implements AutoCloseable {
        public static final String BIND_DN = Slapd.SERVICE_DN;
        public static final String BIND_PASSWORD = Slapd.SERVICE_PW;
        public static final String BASE_DN = Slapd.SUFFIX;

        public String url() {
            return slapd.url();
        }

        @Override
        public void close() {
            slapd.close();
        }
    }

    /** A started KDC with one service principal; {@link #close()} stops it. */
    public record Kerberos(Kdc kdc, String principal, Path keytab) implements AutoCloseable {
        public static final String REALM = Kdc.REALM;

        public Path krb5Conf() {
            return kdc.krb5Conf();
        }

        @Override
        public void close() {
            kdc.close();
        }
    }

    /** Starts slapd in {@code dir} with a user per address, uid its local part (skips without slapd). */
    public static Directory slapd(Path dir, String password, String... mails) throws Exception {
        Slapd slapd = Slapd.start(dir);
        for (String mail : mails) slapd.addUser(mail.substring(0, mail.indexOf('@')), mail, password);
        return new Directory(slapd);
    }

    /** Starts a KDC in {@code dir} with the service principal {@code service} and its keytab (skips without one). */
    public static Kerberos kdc(Path dir, String service) throws Exception {
        Kdc kdc = Kdc.start(dir);
        return new Kerberos(kdc, service, kdc.addPrincipal(service));
    }
}
