package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.identity.SettingsRefusal.assertRefused;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.LdapSettings;
import org.ewstoken.server.config.Setting;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory over TLS (a real slapd with a test CA): ldaps:// and StartTLS with ldap-ca-file
 * work; a directory whose certificate does not chain to the configured CA is never trusted (a
 * temporary failure, not a sign-in).
 */
@Timeout(120)
class LdapTlsTest {

    @TempDir static Path dir;
    static Slapd slapd;
    static TestCa ca;
    static TestCa otherCa;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create(dir.resolve("pki"), "directory");
        otherCa = TestCa.create(dir.resolve("pki"), "other");
        slapd = Slapd.start(dir.resolve("slapd"), ca);
        slapd.addUser("alice", "alice@example.test", "alice-pw-1");
        Files.writeString(dir.resolve("ldap-password"), Slapd.SERVICE_PW);
    }

    @AfterAll
    static void stop() throws Exception {
        if (slapd != null) slapd.close();
    }

    private int signIn(String name, Map<Setting, String> tls) throws Exception {
        Map<Setting, String> s = new HashMap<>(tls);
        s.put(LdapSettings.LDAP_BIND_DN, Slapd.SERVICE_DN);
        s.put(LdapSettings.LDAP_BIND_PASSWORD_FILE, dir.resolve("ldap-password").toString());
        s.put(LdapSettings.LDAP_BASE_DN, Slapd.SUFFIX);
        s.put(LdapSettings.LDAP_TIMEOUT, "3s");
        try (TestServer server = TestServer.start(dir.resolve(name), s)) {
            server.addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM,
                    "https://addin.example/app.html", Set.of(), true, null);
            return server.soap(Envelopes.documented(), "alice@example.test", "alice-pw-1").statusCode();
        }
    }

    @Test
    void ldapsWithTheDirectorysCaSignsIn() throws Exception {
        assertThat(signIn("ldaps", Map.of(LdapSettings.LDAP_URL, slapd.tlsUrl(),
                LdapSettings.LDAP_CA_FILE, ca.caFile().toString()))).isEqualTo(200);
    }

    @Test
    void startTlsWithTheDirectorysCaSignsIn() throws Exception {
        assertThat(signIn("starttls", Map.of(LdapSettings.LDAP_URL, slapd.url(), LdapSettings.LDAP_START_TLS, "true",
                LdapSettings.LDAP_CA_FILE, ca.caFile().toString()))).isEqualTo(200);
    }

    @Test
    void aDirectoryCertificateFromAnotherCaIsNeverTrusted() throws Exception {
        assertThat(signIn("wrong-ca", Map.of(LdapSettings.LDAP_URL, slapd.tlsUrl(),
                LdapSettings.LDAP_CA_FILE, otherCa.caFile().toString()))).isEqualTo(503);
        assertThat(signIn("wrong-ca-starttls", Map.of(LdapSettings.LDAP_URL, slapd.url(), LdapSettings.LDAP_START_TLS, "true",
                LdapSettings.LDAP_CA_FILE, otherCa.caFile().toString()))).isEqualTo(503);
    }

    @Test
    void misconfigurationsAreRefusedAtStartWithWhatToDo() {
        assertRefused(Map.of(LdapSettings.LDAP_URL, "ldaps://dc.example", LdapSettings.LDAP_START_TLS,
                "true", LdapSettings.LDAP_BASE_DN, "dc=example"), "ldaps");
        assertRefused(Map.of(LdapSettings.LDAP_URL, "http://dc.example",
                LdapSettings.LDAP_BASE_DN, "dc=example"), "ldap-url");
        assertRefused(Map.of(LdapSettings.LDAP_URL, "ldap://dc.example"), "ldap-base-dn");
        assertRefused(Map.of(LdapSettings.LDAP_URL, "ldap://dc.example",
                LdapSettings.LDAP_BASE_DN, "dc=example", LdapSettings.LDAP_USER_FILTER, "(mail=alice)"), "{0}");
        assertRefused(Map.of(LdapSettings.LDAP_URL, "ldap://dc.example",
                LdapSettings.LDAP_BASE_DN, "dc=example", LdapSettings.LDAP_BIND_DN, "cn=svc"), "ldap-bind-password-file");
    }
}
