package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.child.Child;
import org.ewstoken.server.identity.front.TrustedFrontMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret of any sign-in method reaches a log, even at TRACE (Jetty's included): a real server in a
 * child JVM signs people in through a real slapd, a real KDC, a real OIDC provider and a signing
 * front-end, right and wrong, and everything it printed is searched for the directory passwords, the
 * service account's password, the access tokens, the Kerberos tokens, the front-end's secret and
 * signatures.
 */
@Timeout(300)
class IdentitySecretsTest {

    static final String SERVICE = "HTTP/localhost@" + Kdc.REALM;
    static final String FRONT_SECRET = "front-Secret-that-must-never-show-0123456789";

    @TempDir Path dir;
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final List<Integer> statuses = new ArrayList<>();

    @Test
    void noPasswordTokenTicketOrSignatureOfAnyMethodShowsInTheServersOutputAtTrace() throws Exception {
        try (Slapd slapd = Slapd.start(dir.resolve("slapd")); Kdc kdc = Kdc.start(dir.resolve("kdc"))) {
            MockOAuth2Server idp = new MockOAuth2Server();
            int idpPort = Slapd.freePort();
            idp.start(java.net.InetAddress.getLoopbackAddress(), idpPort);
            try {
                run(slapd, kdc, idp, "http://localhost:" + idpPort + "/default");
            } finally {
                idp.shutdown();
            }
        }
    }

    private void run(Slapd slapd, Kdc kdc, MockOAuth2Server idp, String issuer) throws Exception {
        slapd.addUser("alice", "alice@example.test", "alice-Dir-Pa55word");
        Path ldapPw = dir.resolve("ldap.pw");
        Files.writeString(ldapPw, Slapd.SERVICE_PW);
        Path frontSecret = dir.resolve("front.secret");
        Files.writeString(frontSecret, FRONT_SECRET);
        Path keytab = kdc.addPrincipal(SERVICE);
        Path aliceKeytab = kdc.addPrincipal("alice@" + Kdc.REALM);
        secrets.put("alice's directory password", "alice-Dir-Pa55word");
        secrets.put("a wrong directory password", "wrong-Dir-Pa55word");
        secrets.put("the service account's password", Slapd.SERVICE_PW);
        secrets.put("the front-end secret", FRONT_SECRET);

        Map<String, String> env = new HashMap<>(Map.of("EWSTOKEN_LOG_LEVEL", "TRACE", "EWSTOKEN_LIBRARY_LOG_LEVEL", "TRACE",
                "EWSTOKEN_LDAP_URL", slapd.url(), "EWSTOKEN_LDAP_BIND_DN", Slapd.SERVICE_DN,
                "EWSTOKEN_LDAP_BIND_PASSWORD_FILE", ldapPw.toString(), "EWSTOKEN_LDAP_BASE_DN", Slapd.SUFFIX,
                "EWSTOKEN_NEGOTIATE_KEYTAB", keytab.toString(), "EWSTOKEN_NEGOTIATE_PRINCIPAL", SERVICE,
                "EWSTOKEN_NEGOTIATE_REALMS", Kdc.REALM + "=example.test",
                "EWSTOKEN_NEGOTIATE_KRB5_CONF", kdc.krb5Conf().toString()));
        env.put("EWSTOKEN_OIDC_ISSUER", issuer);
        env.put("EWSTOKEN_OIDC_AUDIENCE", "ewstoken-api");
        env.put("EWSTOKEN_FRONT_HMAC_SECRET_FILE", frontSecret.toString());
        Path output = dir.resolve("server.log");
        String d = dir.resolve("data").toString();
        assertThat(Child.run(output, Map.of(), null, "apps", "add", "--id", "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
                "--name", "CRM", "--permission", "ReadItem", "--audience", "https://crm.example/read.html",
                "--data-dir", d)).isZero();
        try (Child server = Child.start(output, env, null, "serve", "--data-dir", d, "--port", "0")) {
            int port = server.awaitPort();
            String url = "http://localhost:" + port + "/EWS/Exchange.asmx";
            String body = Envelopes.getClientAccessToken("Exchange2013",
                    Envelopes.tokenRequest("6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", "CallerIdentity"));

            // Directory passwords over Basic: right, wrong, unknown.
            basic(url, body, "alice@example.test", "alice-Dir-Pa55word");
            basic(url, body, "alice@example.test", "wrong-Dir-Pa55word");
            basic(url, body, "nobody@example.test", "alice-Dir-Pa55word");
            // Access tokens: right, for another audience, HS256-forged.
            String good = idp.issueToken("default", "sub-a", "ewstoken-api", Map.of("email", "bob@example.test"), 3600)
                    .serialize();
            String other = idp.issueToken("default", "sub-a", "other-api", Map.of("email", "bob@example.test"), 3600)
                    .serialize();
            SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), SignedJWT.parse(good).getJWTClaimsSet());
            hs.sign(new MACSigner("a-forging-key-of-at-least-32-bytes-length".getBytes(StandardCharsets.UTF_8)));
            for (String t : List.of(good, other, hs.serialize())) {
                secrets.put("access token #" + secrets.size(), t);
                send(url, body, Map.of("Authorization", "Bearer " + t));
            }
            // Kerberos: a good ticket, the same replayed, garbage.
            System.setProperty("java.security.krb5.conf", kdc.krb5Conf().toString());
            String ticket = Base64.getEncoder().encodeToString(new GssClient(aliceKeytab, "alice@" + Kdc.REALM)
                    .token(SERVICE, true));
            secrets.put("a Kerberos token", ticket);
            send(url, body, Map.of("Authorization", "Negotiate " + ticket));
            send(url, body, Map.of("Authorization", "Negotiate " + ticket));
            send(url, body, Map.of("Authorization", "Negotiate " + ticket.substring(0, ticket.length() / 2)));
            // A signing front-end: right, wrong.
            long now = Instant.now().getEpochSecond();
            String digest = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
            String signature = TrustedFrontMethod.sign(FRONT_SECRET.getBytes(StandardCharsets.UTF_8), "POST",
                    "/EWS/Exchange.asmx", now, "carol@example.test", digest);
            secrets.put("a front-end signature", signature);
            Map<String, String> front = Map.of(TrustedFrontMethod.MAILBOX, "carol@example.test",
                    TrustedFrontMethod.TIMESTAMP, Long.toString(now), TrustedFrontMethod.CONTENT_SHA256, digest,
                    TrustedFrontMethod.SIGNATURE, signature);
            send(url, body, front);
            send(url, body, front); // replayed
        }

        String printed = Files.readString(output);
        assertThat(statuses).as("every method signed someone in, and refused someone").contains(200, 401);
        assertThat(statuses.stream().filter(s -> s == 200).count()).as("LDAP, OIDC, Kerberos, front-end").isEqualTo(4);
        assertThat(printed).as("the server really logged at TRACE").contains(" TRACE ").contains("o.e.j.");
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertThat(printed).as("the output holds %s", secret.getKey()).doesNotContain(secret.getValue());
        }
        System.out.println("identity secrets: " + secrets.size() + " searched for in " + printed.length()
                + " characters of TRACE output");
    }

    private void basic(String url, String body, String user, String password) throws Exception {
        String value = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        secrets.put("Basic credential #" + secrets.size(), value);
        send(url, body, Map.of("Authorization", "Basic " + value));
    }

    private void send(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        statuses.add(r.statusCode());
        for (String secret : secrets.values()) {
            assertThat(r.body()).as("an answer holds a secret").doesNotContain(secret);
        }
    }
}
