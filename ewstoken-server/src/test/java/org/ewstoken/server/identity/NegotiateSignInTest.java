package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.Jwts;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.LdapSettings;
import org.ewstoken.server.config.NegotiateSettings;
import org.ewstoken.server.config.Setting;
import org.ewstoken.store.Permission;
import org.ewstoken.store.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Negotiate against a real MIT KDC that the test starts: {@code kinit} plus {@code curl --negotiate}
 * (what an operator would try) and a JDK GSS-API client (for mutual authentication, and for tokens
 * kept until their ticket expired) get an identity token; a ticket from another realm, an expired
 * ticket, NTLM and garbage tokens are refused. java.security.krb5.conf is JVM-wide: this is the only
 * test class that sets it (through negotiate-krb5-conf).
 */
@Timeout(180)
class NegotiateSignInTest {

    static final String SERVICE = "HTTP/localhost@" + Kdc.REALM;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir static Path dir;
    static Kdc kdc;
    static TestServer server;
    static Path aliceKeytab;
    static Path shortyKeytab;
    static Path malloryKeytab;

    @BeforeAll
    static void start() throws Exception {
        kdc = Kdc.start(dir.resolve("kdc"));
        Path serviceKeytab = kdc.addPrincipal(SERVICE);
        aliceKeytab = kdc.addPrincipal("alice@" + Kdc.REALM);
        shortyKeytab = kdc.addPrincipal("shorty@" + Kdc.REALM, "-maxlife", "\"2 seconds\"");
        malloryKeytab = kdc.addPrincipal("mallory@" + Kdc.OTHER_REALM);
        kdc.addPrincipal("HTTP/localhost@" + Kdc.OTHER_REALM); // same name, another realm's key
        server = TestServer.start(dir.resolve("server"), Map.of(
                NegotiateSettings.NEGOTIATE_KEYTAB, serviceKeytab.toString(),
                NegotiateSettings.NEGOTIATE_PRINCIPAL, SERVICE,
                NegotiateSettings.NEGOTIATE_REALMS, Kdc.REALM + "=example.test",
                NegotiateSettings.NEGOTIATE_KRB5_CONF, kdc.krb5Conf().toString()));
        server.addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM, "https://addin.example/app.html",
                Set.of(), true, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (kdc != null) kdc.close();
    }

    static HttpResponse<String> post(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url("/EWS/Exchange.asmx")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(Envelopes.documented(), StandardCharsets.UTF_8));
        if (authorization != null) b.header("Authorization", authorization);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String negotiate(byte[] token) {
        return "Negotiate " + Base64.getEncoder().encodeToString(token);
    }

    static String msexchuid(String body) throws Exception {
        List<SoapResponses.Message> m = SoapResponses.messages(body);
        assertThat(m.get(0).responseCode()).isEqualTo("NoError");
        return new ObjectMapper().readTree(Jwts.payload(m.get(0).tokenValue()).get("appctx").asText())
                .get("msexchuid").asText();
    }

    @Test
    void kinitAndCurlNegotiateGetAnIdentityTokenForTheRealmsMailbox() throws Exception {
        Path curl = RealService.require("curl", "curl", "/usr/bin/curl");
        kdc.run("/usr/bin/kinit", "-k", "-t", aliceKeytab.toString(), "alice@" + Kdc.REALM);
        Path envelope = dir.resolve("envelope.xml");
        Files.writeString(envelope, Envelopes.documented());
        // localhost, not 127.0.0.1: the client asks for a ticket for HTTP/<the host in the URL>.
        String out = kdc.run(curl.toString(), "-sS", "--negotiate", "-u", ":", "-o", dir.resolve("body.xml").toString(),
                "-w", "%{http_code}", "-H", "Content-Type: text/xml; charset=utf-8", "--data-binary", "@" + envelope,
                "http://localhost:" + server.server().port() + "/EWS/Exchange.asmx");

        assertThat(out.trim()).isEqualTo("200");
        String uid = msexchuid(Files.readString(dir.resolve("body.xml")));
        User mailbox = server.server().installation().store().findUser("alice@example.test").orElseThrow();
        assertThat(mailbox.exchangeUid().toString()).isEqualTo(uid);
        assertThat(mailbox.hasPassword()).isFalse();
    }

    @Test
    void aClientAskingForMutualAuthenticationGetsTheServersReplyToken() throws Exception {
        GssClient client = new GssClient(aliceKeytab, "alice@" + Kdc.REALM);
        HttpResponse<String> r = post(negotiate(client.token(SERVICE, true)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        msexchuid(r.body());
        String reply = r.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(reply).startsWith("Negotiate ");
        assertThat(client.acceptReply(Base64.getDecoder().decode(reply.substring(10))))
                .as("the reply proves the server holds the service key").isTrue();
    }

    @Test
    void aTicketFromAnotherRealmIsRefused() throws Exception {
        GssClient mallory = new GssClient(malloryKeytab, "mallory@" + Kdc.OTHER_REALM);
        HttpResponse<String> r = post(negotiate(mallory.token("HTTP/localhost@" + Kdc.OTHER_REALM, false)));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(server.server().installation().store().findUser("mallory@example.test")).isEmpty();
        assertThat(server.server().installation().store().findUser("mallory@other.test")).isEmpty();
    }

    @Test
    void anExpiredTicketIsRefused() throws Exception {
        GssClient shorty = new GssClient(shortyKeytab, "shorty@" + Kdc.REALM);
        byte[] token = shorty.token(SERVICE, false);
        Thread.sleep(9_000); // the 2 s ticket and the 5 s of allowed clock skew have passed
        HttpResponse<String> r = post(negotiate(token));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(server.server().installation().store().findUser("shorty@example.test")).isEmpty();
        // A fresh ticket for the same principal works: it was the expiry that was refused.
        assertThat(post(negotiate(new GssClient(shortyKeytab, "shorty@" + Kdc.REALM).token(SERVICE, false)))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void garbageOversizedAndNtlmTokensAreRefusedWithBothChallenges() throws Exception {
        byte[] ntlmNegotiate = Base64.getDecoder().decode("TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==");
        byte[] spnegoPrefixGarbage = new byte[600];
        spnegoPrefixGarbage[0] = 0x60;
        spnegoPrefixGarbage[1] = (byte) 0x82;
        spnegoPrefixGarbage[2] = 0x02;
        spnegoPrefixGarbage[3] = 0x54;
        for (String auth : List.of("Negotiate", "Negotiate ", "Negotiate !!!not-base64!!!", negotiate(new byte[] {1, 2, 3}),
                negotiate(ntlmNegotiate), negotiate(spnegoPrefixGarbage), negotiate(new byte[4000]),
                "Negotiate " + "A".repeat(6000), "NTLM " + Base64.getEncoder().encodeToString(ntlmNegotiate))) {
            HttpResponse<String> r = post(auth);
            assertThat(r.statusCode()).as(auth.length() > 60 ? auth.substring(0, 60) : auth).isIn(401, 431);
            if (r.statusCode() == 401) {
                assertThat(r.headers().allValues("WWW-Authenticate")).as("one challenge per method")
                        .containsExactly("Negotiate", "Basic realm=\"127.0.0.1\"");
            }
        }
        assertThat(post(null).headers().allValues("WWW-Authenticate"))
                .containsExactly("Negotiate", "Basic realm=\"127.0.0.1\"");
    }

    @Test
    void withDirectoryMappingThePrincipalIsFoundByUserPrincipalNameAndGetsItsEntryUuid() throws Exception {
        try (Slapd slapd = Slapd.start(dir.resolve("slapd"))) {
            // The directory's address for the user differs from the realm rule's: the directory decides.
            String dn = slapd.addUser("alice", "alice.liddell@example.test", "unused-Pa55word",
                    new com.unboundid.ldap.sdk.Attribute("userPrincipalName", "alice@" + Kdc.REALM));
            slapd.addUser("nodir", "nodir@example.test", "unused-Pa55word", new com.unboundid.ldap.sdk.Attribute(
                    "userAccountControl", "514"), new com.unboundid.ldap.sdk.Attribute("userPrincipalName",
                    "disabled@" + Kdc.REALM));
            Path disabledKeytab = kdc.addPrincipal("disabled@" + Kdc.REALM);
            Map<Setting, String> s = slapd.serverSettings();
            s.putAll(Map.of(
                    NegotiateSettings.NEGOTIATE_KEYTAB, dir.resolve("kdc").resolve("HTTP_localhost_EXAMPLE_TEST.keytab").toString(),
                    NegotiateSettings.NEGOTIATE_PRINCIPAL, SERVICE, NegotiateSettings.NEGOTIATE_REALMS, Kdc.REALM + "=example.test",
                    NegotiateSettings.NEGOTIATE_MAPPING, "directory", NegotiateSettings.NEGOTIATE_KRB5_CONF, kdc.krb5Conf().toString()));
            try (TestServer mapped = TestServer.start(dir.resolve("mapped"), s)) {
                mapped.addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM,
                        "https://addin.example/app.html", Set.of(), true, null);
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(mapped.url("/EWS/Exchange.asmx"))
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .header("Authorization", negotiate(new GssClient(aliceKeytab, "alice@" + Kdc.REALM).token(SERVICE, false)))
                        .POST(HttpRequest.BodyPublishers.ofString(Envelopes.documented())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(msexchuid(r.body())).isEqualTo(slapd.entryUuid(dn));
                assertThat(mapped.server().installation().store().findUser("alice.liddell@example.test")).isPresent();
                assertThat(mapped.server().installation().store().findUser("alice@example.test")).isEmpty();

                HttpResponse<String> disabled = HTTP.send(HttpRequest.newBuilder(mapped.url("/EWS/Exchange.asmx"))
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .header("Authorization", negotiate(new GssClient(disabledKeytab, "disabled@" + Kdc.REALM)
                                .token(SERVICE, false)))
                        .POST(HttpRequest.BodyPublishers.ofString(Envelopes.documented())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(disabled.statusCode()).as("a valid ticket of a disabled directory account").isEqualTo(401);
            }
        }
    }

    @Test
    void basicKeepsWorkingBesideNegotiate() throws Exception {
        server.addUser("local@example.test");
        assertThat(server.soap(Envelopes.documented(), "local@example.test", TestServer.PASSWORD).statusCode())
                .isEqualTo(200);
    }
}
