package org.ewstoken.server.identity;

import org.ewstoken.server.config.LdapSettings;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ewstoken.server.config.Setting;

/**
 * A real OpenLDAP slapd of the test's own: its configuration (slapd.conf), database and an
 * ephemeral port on 127.0.0.1 in a temporary directory, the ppolicy overlay loaded, and a small
 * AD-like schema (userPrincipalName, proxyAddresses, objectGUID, userAccountControl with the
 * matching rules AD has) so that both directory shapes can be tested on one server.
 */
final class Slapd implements AutoCloseable {

    static final String SUFFIX = "dc=example,dc=test";
    static final String ROOT_DN = "cn=admin," + SUFFIX;
    static final String ROOT_PW = "root-secret-not-for-logs";
    static final String SERVICE_DN = "cn=ewstoken,ou=services," + SUFFIX;
    static final String SERVICE_PW = "service-secret-not-for-logs";
    static final String PEOPLE = "ou=people," + SUFFIX;
    static final String GROUPS = "ou=groups," + SUFFIX;

    private static final String AD_LIKE_SCHEMA = """
            attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName'
              EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
              SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
            attributetype ( 1.2.840.113556.1.2.210 NAME 'proxyAddresses'
              EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
              SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
            attributetype ( 1.2.840.113556.1.4.2 NAME 'objectGUID'
              EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
            attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
              EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
            attributetype ( 1.2.840.113556.1.4.662 NAME 'lockoutTime'
              EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
            objectclass ( 1.3.6.1.4.1.4203.666.13.1 NAME 'adLikeUser' AUXILIARY
              MAY ( userPrincipalName $ proxyAddresses $ objectGUID $ userAccountControl $ lockoutTime ) )
            """;

    private final Path dir;
    private final Path slapd;
    private final int port;
    /** The ldaps:// port, or -1 without TLS. */
    private final int tlsPort;
    private Process process;

    private Slapd(Path dir, Path slapd, int port, int tlsPort) {
        this.dir = dir;
        this.slapd = slapd;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** Starts slapd in {@code dir} with the base entries and the service account. */
    static Slapd start(Path dir) throws Exception {
        return start(dir, null);
    }

    /** ...with TLS (StartTLS on the ldap:// port, and an ldaps:// port) when {@code tls} is given. */
    static Slapd start(Path dir, TestCa tls) throws Exception {
        Path slapd = RealService.require("slapd", "slapd", "/usr/sbin/slapd");
        Path modules = Path.of("/usr/lib/ldap");
        boolean ppolicy = Files.exists(modules.resolve("ppolicy.so")) || Files.exists(modules.resolve("ppolicy.la"));
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("ad-like.schema"), AD_LIKE_SCHEMA);
        String conf = """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                include %1$s/ad-like.schema
                modulepath %2$s
                moduleload back_mdb
                %3$s
                pidfile %1$s/slapd.pid
                sizelimit 500
                access to attrs=userPassword by self write by anonymous auth by * none
                access to * by dn.exact="%4$s" read by self read by anonymous auth by * none
                database mdb
                suffix "%5$s"
                rootdn "%6$s"
                rootpw %7$s
                directory %1$s/db
                maxsize 10485760
                %8$s
                """.formatted(dir, modules, ppolicy ? "moduleload ppolicy" : "", SERVICE_DN, SUFFIX, ROOT_DN, ROOT_PW,
                ppolicy ? "overlay ppolicy\nppolicy_default \"cn=default,ou=policies," + SUFFIX + "\"\nppolicy_use_lockout" : "");
        if (tls != null) {
            conf = "TLSCACertificateFile " + tls.caFile() + "\nTLSCertificateFile " + tls.certFile()
                    + "\nTLSCertificateKeyFile " + tls.keyFile() + "\n" + conf;
        }
        Files.writeString(dir.resolve("slapd.conf"), conf);
        Slapd s = new Slapd(dir, slapd, freePort(), tls == null ? -1 : freePort());
        s.launch();
        try (LDAPConnection c = s.admin()) {
            c.add(new Entry(SUFFIX, new Attribute("objectClass", "dcObject", "organization"),
                    new Attribute("dc", "example"), new Attribute("o", "Example")));
            for (String ou : List.of("people", "groups", "services", "policies")) {
                c.add(new Entry("ou=" + ou + "," + SUFFIX, new Attribute("objectClass", "organizationalUnit"),
                        new Attribute("ou", ou)));
            }
            c.add(new Entry(SERVICE_DN, new Attribute("objectClass", "organizationalRole", "simpleSecurityObject"),
                    new Attribute("cn", "ewstoken"), new Attribute("userPassword", SERVICE_PW)));
            if (ppolicy) {
                c.add(new Entry("cn=default,ou=policies," + SUFFIX,
                        new Attribute("objectClass", "organizationalRole", "pwdPolicy"), new Attribute("cn", "default"),
                        new Attribute("pwdAttribute", "userPassword"), new Attribute("pwdLockout", "TRUE")));
            }
        }
        return s;
    }

    int port() {
        return port;
    }

    /**
     * The settings that point a server at this directory as the service account: the bind password goes
     * to a file in this slapd's directory, as operators keep it. A mutable map, for the test's own settings.
     */
    Map<Setting, String> serverSettings() throws IOException {
        Path pwFile = Files.writeString(dir.resolve("service-password"), SERVICE_PW + "\n");
        Map<Setting, String> s = new HashMap<>();
        s.put(LdapSettings.LDAP_URL, url());
        s.put(LdapSettings.LDAP_BIND_DN, SERVICE_DN);
        s.put(LdapSettings.LDAP_BIND_PASSWORD_FILE, pwFile.toString());
        s.put(LdapSettings.LDAP_BASE_DN, SUFFIX);
        return s;
    }

    String url() {
        return "ldap://127.0.0.1:" + port;
    }

    String tlsUrl() {
        return "ldaps://127.0.0.1:" + tlsPort;
    }

    LDAPConnection admin() throws LDAPException {
        LDAPConnection c = new LDAPConnection("127.0.0.1", port);
        c.bind(ROOT_DN, ROOT_PW);
        return c;
    }

    /** An OpenLDAP-style user (inetOrgPerson); returns its DN. */
    String addUser(String uid, String mail, String password, Attribute... more) throws LDAPException {
        String dn = new com.unboundid.ldap.sdk.RDN("uid", uid) + "," + PEOPLE;
        List<Attribute> attrs = new ArrayList<>(List.of(new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", uid), new Attribute("cn", uid), new Attribute("sn", uid),
                new Attribute("displayName", "User " + uid), new Attribute("userPassword", password)));
        if (mail != null) attrs.add(new Attribute("mail", mail));
        boolean adLike = false;
        for (Attribute a : more) {
            attrs.add(a);
            adLike = true;
        }
        if (adLike) attrs.set(0, new Attribute("objectClass", "inetOrgPerson", "adLikeUser"));
        try (LDAPConnection c = admin()) {
            c.add(new Entry(dn, attrs));
        }
        return dn;
    }

    void addGroup(String cn, String... memberDns) throws LDAPException {
        try (LDAPConnection c = admin()) {
            c.add(new Entry("cn=" + cn + "," + GROUPS, new Attribute("objectClass", "groupOfNames"),
                    new Attribute("cn", cn), new Attribute("member", memberDns)));
        }
    }

    void modify(String dn, Modification... mods) throws LDAPException {
        try (LDAPConnection c = admin()) {
            c.modify(dn, mods);
        }
    }

    /** Locks the account the OpenLDAP ppolicy way (an administrator's permanent lock). */
    void lock(String dn) throws LDAPException {
        modify(dn, new Modification(ModificationType.REPLACE, "pwdAccountLockedTime", "000001010000Z"));
    }

    String entryUuid(String dn) throws LDAPException {
        try (LDAPConnection c = admin()) {
            return c.getEntry(dn, "entryUUID").getAttributeValue("entryUUID");
        }
    }

    void rename(String dn, String newRdn) throws LDAPException {
        try (LDAPConnection c = admin()) {
            c.modifyDN(dn, newRdn, true);
        }
    }

    /** Stops slapd (SIGTERM) and waits for it. */
    void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        process = null;
    }

    /** Starts slapd again on the same port and database. */
    void launch() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(slapd.toString(), "-f", dir.resolve("slapd.conf").toString(),
                "-h", url() + "/" + (tlsPort > 0 ? " " + tlsUrl() + "/" : ""), "-d", "0");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile());
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited: " + Files.readString(dir.resolve("slapd.log"),
                        StandardCharsets.UTF_8));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("slapd did not listen within 15 s");
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            if (process != null) process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
