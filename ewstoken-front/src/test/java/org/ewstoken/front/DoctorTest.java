package org.ewstoken.front;

import org.ewstoken.server.config.OidcSettings;
import org.ewstoken.server.config.NegotiateSettings;
import org.ewstoken.server.config.LdapSettings;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.config.CoreSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.front.Front.SERVICE;
import static org.ewstoken.front.Front.SERVICE_PASSWORD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.server.Installation;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.server.config.Setting;
import org.ewstoken.server.doctor.Doctor;
import org.ewstoken.server.doctor.DoctorContext;
import org.ewstoken.server.doctor.Finding;
import org.ewstoken.server.doctor.Outcome;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.identity.RealDirectories;
import org.ewstoken.testkit.ClassResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ewstoken doctor}'s checks against real parts: the front in front of the test upstream, a real slapd, a
 * real KDC's keytab, and an OpenID provider's discovery document. All pass; then each broken part is named.
 */
@Timeout(300)
class DoctorTest {

    static final String MAILBOX = "alice@example.test";
    static final String DENIED = "bob@example.test";
    static final String PRINCIPAL = "HTTP/localhost@" + RealDirectories.Kerberos.REALM;

    @RegisterExtension
    static final ClassResources opened = new ClassResources();
    static Path dir;
    static UpstreamFixture upstream;
    static TestServer front;
    static RealDirectories.Directory ldap;
    static RealDirectories.Kerberos kerberos;
    static Map<Setting, String> settings;

    @BeforeAll
    static void start() throws Exception {
        dir = opened.dir();
        ldap = opened.add(RealDirectories.slapd(dir.resolve("slapd"), "user-pw-1", MAILBOX, DENIED));
        kerberos = opened.add(RealDirectories.kdc(dir.resolve("kdc"), PRINCIPAL));
        upstream = opened.add(new UpstreamFixture());
        upstream.dispatcher(DoctorTest::upstreamAnswer);
        Map<Setting, String> serviceAccount = Front.serviceAccount(dir, SERVICE, SERVICE_PASSWORD);
        front = opened.add(Front.start(dir.resolve("data"), upstream.ewsUrl(), serviceAccount));
        settings = new HashMap<>();
        settings.put(CoreSettings.DATA_DIR, dir.resolve("data").toString());
        settings.put(CoreSettings.PUBLIC_URL, front.url("").toString());
        settings.put(FrontSettings.UPSTREAM_EWS_URL, upstream.ewsUrl());
        settings.putAll(serviceAccount);
        settings.put(LdapSettings.LDAP_URL, ldap.url());
        settings.put(LdapSettings.LDAP_BIND_DN, RealDirectories.Directory.BIND_DN);
        settings.put(LdapSettings.LDAP_BIND_PASSWORD_FILE, Files.writeString(dir.resolve("ldap.pw"),
                RealDirectories.Directory.BIND_PASSWORD + "\n").toString());
        settings.put(LdapSettings.LDAP_BASE_DN, RealDirectories.Directory.BASE_DN);
        settings.put(NegotiateSettings.NEGOTIATE_KEYTAB, kerberos.keytab().toString());
        settings.put(NegotiateSettings.NEGOTIATE_PRINCIPAL, PRINCIPAL);
        settings.put(NegotiateSettings.NEGOTIATE_REALMS, RealDirectories.Kerberos.REALM + "=example.test");
        settings.put(NegotiateSettings.NEGOTIATE_KRB5_CONF, kerberos.krb5Conf().toString());
        settings.put(OidcSettings.OIDC_ISSUER, "http://127.0.0.1:" + upstream.port() + "/oidc");
        settings.put(OidcSettings.OIDC_AUDIENCE, "ewstoken");
    }

    /**
     * The test upstream as a mail server with one service account that may impersonate everyone but {@link #DENIED}
     * (Exchange's answer then: a SOAP fault with ErrorImpersonateUserDenied), and as an OpenID provider.
     */
    static UpstreamFixture.Answer upstreamAnswer(UpstreamFixture.Recorded r) {
        String issuer = "http://127.0.0.1:" + upstream.port() + "/oidc";
        if (r.target().equals("/oidc/.well-known/openid-configuration")) {
            return json("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}");
        }
        if (r.target().equals("/oidc/jwks")) return json("{\"keys\":[]}");
        String basic = "Basic " + Base64.getEncoder().encodeToString((SERVICE + ":" + SERVICE_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        if (r.method().equals("GET") || !basic.equals(r.header("Authorization"))) {
            return UpstreamFixture.Answer.of(401, Map.of("WWW-Authenticate", "Basic realm=\"EWS\""), new byte[0]);
        }
        if (r.bodyText().contains("<t:PrimarySmtpAddress>" + DENIED + "</t:PrimarySmtpAddress>")) {
            return UpstreamFixture.Answer.of(500, Map.of("Content-Type", "text/xml; charset=utf-8"), IMPERSONATION_DENIED
                    .getBytes(StandardCharsets.UTF_8));
        }
        return UpstreamFixture.Answer.ok(UpstreamFixture.OK_ENVELOPE);
    }

    static final String IMPERSONATION_DENIED = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
            + "<faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorImpersonateUserDenied"
            + "</faultcode><faultstring xml:lang=\"en-US\">The account does not have permission to impersonate the requested"
            + " user.</faultstring><detail><e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">"
            + "ErrorImpersonateUserDenied</e:ResponseCode></detail></s:Fault></s:Body></s:Envelope>";

    static UpstreamFixture.Answer json(String body) {
        return UpstreamFixture.Answer.of(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    static List<Finding> doctor(Map<Setting, String> changes, String mailbox) {
        Map<Setting, String> s = new HashMap<>(settings);
        s.putAll(changes);
        ServerConfig config = ServerConfig.resolve(s, Map.of(), Optional.empty());
        try (Installation inst = Installation.open(config)) {
            DoctorContext context = DoctorContext.of(config, new ServerUrls(config.effectivePublicUrl(0)),
                    inst.openKeyRing(Clock.systemUTC(), "localhost"), Clock.systemUTC(), Optional.ofNullable(mailbox));
            return Doctor.forInstallation(context).run();
        }
    }

    /** The command line, configured through the environment as a systemd unit would. */
    static CliRunner.Result cli(String mailbox) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((k, v) -> env.put(k.environmentVariable(), v));
        return CliRunner.run(env, "", "doctor", "--mailbox", mailbox);
    }

    static Finding finding(List<Finding> findings, String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + check + " in " + findings));
    }

    @Test
    void everyCheckPassesAgainstAWorkingUpstreamDirectoryKeytabAndProvider() {
        List<Finding> findings = doctor(Map.of(), MAILBOX);
        assertThat(findings).map(Finding::check).containsExactly("public-url", "amurl", "tls-certificate",
                "signing-keys", "ldap", "keytab", "oidc-discovery", "upstream", "clock-skew", "upstream-service-account",
                "upstream-impersonation");
        assertThat(findings).as(findings.toString()).noneMatch(Finding::failed);
        assertThat(finding(findings, "tls-certificate").outcome().status()).isEqualTo(Outcome.Status.SKIPPED); // http here
        assertThat(findings).filteredOn(f -> !f.check().equals("tls-certificate"))
                .allMatch(f -> f.outcome().status() == Outcome.Status.OK, "all ok");
        assertThat(finding(findings, "ldap").line()).contains("uid=alice");
        assertThat(finding(findings, "keytab").line()).contains(PRINCIPAL);
        assertThat(finding(findings, "upstream-impersonation").line()).isEqualTo("ok   upstream-impersonation: "
                + "upstream-user may act for " + MAILBOX);

        CliRunner.Result r = cli(MAILBOX);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out().lines()).hasSize(12).last().isEqualTo("all checks passed");
    }

    @Test
    void aWrongServicePasswordIsNamedWithItsFix() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.pw"), "not the password\n");
        List<Finding> findings = doctor(Map.of(FrontSettings.UPSTREAM_PASSWORD_FILE, wrong.toString()), MAILBOX);
        assertThat(finding(findings, "upstream-service-account").line()).startsWith("FAIL upstream-service-account: "
                + "the upstream refused upstream-user's password (HTTP 401); fix: put the service account's current "
                + "password in upstream-password-file");
        assertThat(finding(findings, "upstream").failed()).isFalse();
    }

    @Test
    void aMailboxTheServiceAccountMayNotImpersonateIsNamed() {
        List<Finding> findings = doctor(Map.of(), DENIED);
        assertThat(finding(findings, "upstream-impersonation").line()).startsWith("FAIL upstream-impersonation: "
                + "upstream-user may not impersonate " + DENIED + " (ErrorImpersonateUserDenied); fix: let upstream-user "
                + "impersonate mailboxes");
        assertThat(findings).filteredOn(Finding::failed).hasSize(1);

        CliRunner.Result r = cli(DENIED);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL upstream-impersonation: upstream-user may not impersonate " + DENIED)
                .endsWith("1 of 11 checks failed\n");
    }

    @Test
    void anUnreachableUpstreamIsNamedByEveryCheckThatNeedsIt() throws Exception {
        int closed = Front.refusedPort();
        List<Finding> findings = doctor(Map.of(FrontSettings.UPSTREAM_EWS_URL, "http://127.0.0.1:" + closed
                + "/EWS/Exchange.asmx"), MAILBOX);
        assertThat(finding(findings, "upstream").line()).startsWith("FAIL upstream: http://127.0.0.1:" + closed
                + "/EWS/Exchange.asmx cannot be reached: the connection was refused; fix: check upstream-ews-url");
        assertThat(finding(findings, "clock-skew").failed()).isTrue();
        assertThat(finding(findings, "upstream-service-account").failed()).isTrue();
        assertThat(finding(findings, "ldap").failed()).isFalse();
    }

    @Test
    void aWrongDirectoryPasswordAKeytabWithoutThePrincipalAndAnUnreachablePublicUrlAreNamed() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-ldap.pw"), "not the password\n");
        int closed = Front.refusedPort();
        List<Finding> findings = doctor(Map.of(LdapSettings.LDAP_BIND_PASSWORD_FILE, wrong.toString(),
                NegotiateSettings.NEGOTIATE_PRINCIPAL, "HTTP/other.example.test@" + RealDirectories.Kerberos.REALM,
                CoreSettings.PUBLIC_URL, "http://127.0.0.1:" + closed), MAILBOX);
        assertThat(finding(findings, "ldap").line()).startsWith("FAIL ldap: ").contains("invalid credentials")
                .contains("fix: check ldap-bind-dn and the password in ldap-bind-password-file");
        assertThat(finding(findings, "keytab").line()).startsWith("FAIL keytab: ")
                .contains("holds no key for HTTP/other.example.test@");
        assertThat(finding(findings, "public-url").line()).startsWith("FAIL public-url: http://127.0.0.1:" + closed
                + "/autodiscover/metadata/json/1 cannot be reached: the connection was refused; fix: set public-url");
        assertThat(finding(findings, "upstream").failed()).isFalse();
    }
}
