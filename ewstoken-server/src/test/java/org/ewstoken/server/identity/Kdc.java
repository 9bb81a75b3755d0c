package org.ewstoken.server.identity;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MIT Kerberos KDC of the test's own: two realms (EXAMPLE.TEST and OTHER.TEST, no trust
 * between them), databases made with kdb5_util in a temporary directory, principals and keytabs
 * made with kadmin.local, krb5kdc on a free port of 127.0.0.1, found through KRB5_CONFIG and
 * KRB5_KDC_PROFILE. The krb5.conf allows five seconds of clock skew (the JDK checks authenticators and
 * expiry against it; a loaded CI machine needs a few seconds), so expiry can be tested quickly.
 */
public final class Kdc implements AutoCloseable {

    public static final String REALM = "EXAMPLE.TEST";
    static final String OTHER_REALM = "OTHER.TEST";

    private final Path dir;
    private final Map<String, String> env;
    private final Process process;

    private Kdc(Path dir, Map<String, String> env, Process process) {
        this.dir = dir;
        this.env = env;
        this.process = process;
    }

    public static Kdc start(Path dir) throws Exception {
        Path krb5kdc = RealService.require("krb5kdc", "krb5-kdc", "/usr/sbin/krb5kdc");
        RealService.require("kadmin.local", "krb5-admin-server", "/usr/sbin/kadmin.local");
        RealService.require("kinit", "krb5-user", "/usr/bin/kinit");
        Files.createDirectories(dir);
        int port = Slapd.freePort();
        StringBuilder realms = new StringBuilder();
        for (String r : List.of(REALM, OTHER_REALM)) {
            realms.append(" ").append(r).append(" = {\n  database_name = ").append(dir.resolve(r + ".db"))
                    .append("\n  key_stash_file = ").append(dir.resolve(r + ".stash"))
                    .append("\n  acl_file = ").append(dir.resolve("kadm5.acl"))
                    .append("\n  max_life = 1h\n  supported_enctypes = aes256-cts-hmac-sha1-96:normal "
                            + "aes128-cts-hmac-sha1-96:normal\n }\n");
        }
        Files.writeString(dir.resolve("kadm5.acl"), "");
        Files.writeString(dir.resolve("kdc.conf"), "[kdcdefaults]\n kdc_ports = " + port + "\n kdc_tcp_ports = " + port
                + "\n[realms]\n" + realms + "[logging]\n kdc = FILE:" + dir.resolve("kdc.log") + "\n");
        Files.writeString(dir.resolve("krb5.conf"), "[libdefaults]\n default_realm = " + REALM
                + "\n dns_lookup_kdc = false\n dns_lookup_realm = false\n rdns = false\n dns_canonicalize_hostname = false"
                + "\n udp_preference_limit = 1\n clockskew = 5\n[realms]\n " + REALM + " = {\n  kdc = 127.0.0.1:" + port
                + "\n }\n " + OTHER_REALM + " = {\n  kdc = 127.0.0.1:" + port + "\n }\n");
        Map<String, String> env = Map.of("KRB5_CONFIG", dir.resolve("krb5.conf").toString(),
                "KRB5_KDC_PROFILE", dir.resolve("kdc.conf").toString(),
                "KRB5CCNAME", "FILE:" + dir.resolve("ccache"));
        for (String r : List.of(REALM, OTHER_REALM)) {
            run(dir, env, "/usr/sbin/kdb5_util", "create", "-r", r, "-s", "-P", "master-" + r);
        }
        ProcessBuilder pb = new ProcessBuilder(krb5kdc.toString(), "-n", "-r", REALM, "-r", OTHER_REALM);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("krb5kdc.out").toFile());
        Process p = pb.start();
        Kdc kdc = new Kdc(dir, env, p);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            if (!p.isAlive()) throw new IllegalStateException("krb5kdc exited: " + Files.readString(dir.resolve("krb5kdc.out")));
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return kdc;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("krb5kdc did not listen in 15 s");
                Thread.sleep(50);
            }
        }
    }

    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    Map<String, String> env() {
        return env;
    }

    /** Adds a principal with a random key and exports its keys to a keytab of its own. */
    public Path addPrincipal(String principal, String... options) throws Exception {
        String realm = principal.substring(principal.lastIndexOf('@') + 1);
        Path keytab = dir.resolve(principal.replaceAll("[^A-Za-z0-9]", "_") + ".keytab");
        kadmin(realm, "addprinc -randkey " + String.join(" ", options) + " " + principal);
        kadmin(realm, "ktadd -k " + keytab + " " + principal);
        return keytab;
    }

    private void kadmin(String realm, String query) throws Exception {
        run(dir, env, "/usr/sbin/kadmin.local", "-r", realm, "-q", query);
    }

    /** Runs a command with this KDC's environment; its output, or an exception with it. */
    static String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.directory(dir.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    String run(String... command) throws Exception {
        return run(dir, env, command);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
