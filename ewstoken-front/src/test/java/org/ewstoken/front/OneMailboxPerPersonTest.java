package org.ewstoken.front;

import org.ewstoken.server.config.NegotiateSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.protocol.EwsNamespaces.ERRORS;
import static org.ewstoken.server.TestServer.CRM;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.Setting;
import org.ewstoken.server.hostile.RawHttp;
import org.ewstoken.server.identity.GssClient;
import org.ewstoken.server.identity.Kdc;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The front before gromox and before Exchange ({@link GromoxUpstream}, {@link ExchangeUpstream}): a person signs in by
 * Basic with the primary address or another name, by NTLM relayed to the mail server, or by Kerberos (a real KDC), and
 * is one mailbox with one msexchuid every time; callback tokens reach GetItem/GetAttachment as the service account
 * acting for the mailbox, and a service account without the right gets an EWS error that names it.
 */
@Timeout(180)
class OneMailboxPerPersonTest {

    static {
        // The fixture and the front accept the same ticket in one JVM (in production: two processes, two replay caches).
        System.setProperty("sun.security.krb5.rcache", "none");
    }

    static final String ITEM = "AAMkADk0ZjQ1YTg4LWE3ZjEtNGM2Ny04ZmYxLTk0N2Y0ZWQ2YjhhZgBGAAAAAAA=";
    static final String ALICE = "alice@contoso.test";
    static final String PASSWORD = "alice password 1";
    static final String SERVICE = "svc-ewstoken@contoso.test";
    static final String SERVICE_PASSWORD = "service password 2";
    static final String HTTP_SERVICE = "HTTP/localhost@" + Kdc.REALM;

    @TempDir static Path kdcDir;
    @TempDir Path dir;
    static Kdc kdc;

    /** A mode, the other name alice signs in with by Basic there, and the mail server. */
    record Mode(String name, String otherLogin, Supplier<MailServer> server) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of(new Mode("gromox", "ali@contoso.test", GromoxUpstream::new)),
                Arguments.of(new Mode("exchange", "alice@corp.contoso.test", ExchangeUpstream::new)));
    }

    /** Kali first: her address contains alice's alias, so gromox's partial ResolveNames lists her too. */
    static MailServer accounts(MailServer s, boolean mayActForAlice) {
        s.account("kali@contoso.test", "kali password", "Kali Ma", List.of(), List.of("CONTOSO\\kali"));
        s.account(ALICE, PASSWORD, "Alice Liddell", List.of("ali@contoso.test"),
                List.of("alice@corp.contoso.test", "CONTOSO\\alice", "ali@" + Kdc.REALM));
        s.account(SERVICE, SERVICE_PASSWORD, "ewstoken", List.of(), List.of());
        if (mayActForAlice) s.mayActFor(SERVICE, ALICE);
        return s;
    }

    /** The test upstream answering as {@code server}. */
    static UpstreamFixture serving(MailServer server) throws Exception {
        UpstreamFixture upstream = new UpstreamFixture();
        upstream.dispatcher(server);
        return upstream;
    }

    /** The mode's mail server with the accounts, taking Kerberos tickets for {@link #HTTP_SERVICE} with its keytab. */
    static MailServer acceptingKerberos(Mode mode, Path serviceKeytab) throws Exception {
        MailServer server = accounts(mode.server().get(), true);
        server.kerberos(new GssAcceptor(serviceKeytab, HTTP_SERVICE));
        return server;
    }

    TestServer front(UpstreamFixture upstream, Map<Setting, String> extra) throws Exception {
        Map<Setting, String> s = new HashMap<>(extra);
        s.putAll(Front.serviceAccount(dir, SERVICE, SERVICE_PASSWORD));
        TestServer front = Front.start(dir.resolve("data"), upstream.ewsUrl(), s);
        front.addAddIn(CRM, Permission.READ_ITEM, "https://addin.example/read.html", Set.of(), true, null);
        return front;
    }

    static String tokenRequest(String type, String scope) {
        return Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(CRM, type, scope, null));
    }

    UUID basicSignIn(TestServer front, String login) throws Exception {
        var r = front.soap(tokenRequest("CallerIdentity", null), login, PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(SoapResponses.messages(r.body())).singleElement()
                .satisfies(m -> assertThat(m.responseCode()).isEqualTo("NoError"));
        return front.server().installation().store().findUser(ALICE).orElseThrow().exchangeUid();
    }

    static RawHttp.Response tokenOn(AffinityTest.Connection c, String authorization) throws Exception {
        byte[] body = tokenRequest("CallerIdentity", null).getBytes(StandardCharsets.UTF_8);
        String head = "POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=utf-8\r\n"
                + "Authorization: " + authorization + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        c.out.write(RawHttp.concat(head.getBytes(StandardCharsets.ISO_8859_1), body));
        c.out.flush();
        return RawHttp.read(c.in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void basicWithThePrimaryAddressOrAnotherNameIsOneMailboxWithOneMsexchuid(Mode mode) throws Exception {
        try (UpstreamFixture upstream = serving(accounts(mode.server().get(), true)); TestServer front = front(upstream, Map.of())) {
            UUID primary = basicSignIn(front, ALICE);
            assertThat(basicSignIn(front, mode.otherLogin())).isEqualTo(primary);
            assertThat(front.server().installation().store().findUser(mode.otherLogin())).isEmpty();
            assertThat(front.server().installation().store().findUser("kali@contoso.test")).as("a partial match").isEmpty();
            assertThat(front.soap(tokenRequest("CallerIdentity", null), "ali@contoso.test", "wrong").statusCode())
                    .isEqualTo(401);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void ntlmRelayedToTheMailServerIsNamedByItsAuthenticateMessageAsTheSameMailbox(Mode mode) throws Exception {
        try (UpstreamFixture upstream = serving(accounts(mode.server().get(), true)); TestServer front = front(upstream, Map.of())) {
            UUID basic = basicSignIn(front, ALICE);
            try (AffinityTest.Connection outlook = new AffinityTest.Connection(front.server().port())) {
                RawHttp.Response challenge = tokenOn(outlook, "Negotiate " + type1());
                assertThat(challenge.status()).isEqualTo(401);
                assertThat(challenge.header("www-authenticate")).startsWith("Negotiate TlRMTVNTUAAC");
                RawHttp.Response signedIn = tokenOn(outlook, "Negotiate " + type3("CONTOSO", "alice"));
                assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(200);
                assertThat(SoapResponses.messages(signedIn.text()).get(0).responseCode()).isEqualTo("NoError");
            }
            // signed in on a request the proxy carried (Outlook's own EWS traffic), then a token without a handshake
            try (AffinityTest.Connection outlook = new AffinityTest.Connection(front.server().port())) {
                assertThat(outlook.post("Negotiate " + type1()).status()).isEqualTo(401);
                assertThat(outlook.post("Negotiate " + type3("CONTOSO", "alice")).status()).isEqualTo(200);
                RawHttp.Response t = NegotiateRelayTest.token(outlook, null);
                assertThat(t.status()).as(t.text()).isEqualTo(200);
                assertThat(SoapResponses.messages(t.text()).get(0).responseCode()).isEqualTo("NoError");
            }
            assertThat(front.server().installation().store().findUser(ALICE).orElseThrow().exchangeUid()).isEqualTo(basic);
            assertThat(front.server().installation().store().findUser("alice@contoso.com")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void kerberosRelayedIsReadWithTheKeytabAndResolvedToTheSameMailbox(Mode mode) throws Exception {
        Path serviceKeytab = kdc().resolve("service");
        try (UpstreamFixture upstream = serving(acceptingKerberos(mode, serviceKeytab));
             TestServer front = front(upstream, Map.of(NegotiateSettings.NEGOTIATE_KEYTAB, serviceKeytab.toString(),
                     NegotiateSettings.NEGOTIATE_PRINCIPAL, HTTP_SERVICE, NegotiateSettings.NEGOTIATE_REALMS, Kdc.REALM + "=contoso.test",
                     NegotiateSettings.NEGOTIATE_KRB5_CONF, kdc.krb5Conf().toString()))) {
            UUID basic = basicSignIn(front, ALICE);
            // ali@EXAMPLE.TEST maps to ali@contoso.test, an alias: the mail server names the primary address
            byte[] ticket = new GssClient(kdc().resolve("ali"), "ali@" + Kdc.REALM).token(HTTP_SERVICE, false);
            try (AffinityTest.Connection outlook = new AffinityTest.Connection(front.server().port())) {
                RawHttp.Response r = tokenOn(outlook, "Negotiate " + Base64.getEncoder().encodeToString(ticket));
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(SoapResponses.messages(r.text()).get(0).responseCode()).isEqualTo("NoError");
            }
            assertThat(upstream.signedInConnections()).isEmpty(); // the fixture's own IIS-NTLM mode is not what signed in
            assertThat(front.server().installation().store().findUser("ali@contoso.test")).isEmpty();
            assertThat(front.server().installation().store().findUser(ALICE).orElseThrow().exchangeUid()).isEqualTo(basic);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void kerberosWithoutTheKeytabIsNamedOnlyByAMailServerWhoseConvertIdNamesTheMailbox(Mode mode) throws Exception {
        try (UpstreamFixture upstream = serving(acceptingKerberos(mode, kdc().resolve("service")));
             TestServer front = front(upstream, Map.of())) {
            byte[] ticket = new GssClient(kdc().resolve("ali"), "ali@" + Kdc.REALM).token(HTTP_SERVICE, false);
            try (AffinityTest.Connection outlook = new AffinityTest.Connection(front.server().port())) {
                RawHttp.Response r = tokenOn(outlook, "Negotiate " + Base64.getEncoder().encodeToString(ticket));
                if (mode.name().equals("gromox")) {
                    assertThat(r.status()).isEqualTo(403); // its ConvertId echoes: nobody is named
                    assertThat(r.text()).contains("cannot tell which mailbox");
                    assertThat(front.server().installation().store().findUser(ALICE)).isEmpty();
                } else {
                    assertThat(r.status()).as(r.text()).isEqualTo(200);
                    assertThat(front.server().installation().store().findUser(ALICE)).isPresent();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void bearerGetItemAndGetAttachmentReachTheMailboxAsTheServiceAccountImpersonatingIt(Mode mode) throws Exception {
        try (UpstreamFixture upstream = serving(accounts(mode.server().get(), true)); TestServer front = front(upstream, Map.of())) {
            String token = callbackToken(front);
            RawHttp.Response item = bearer(front, CallbackTokenTest.getItem(ITEM, ""), token);
            assertThat(item.status()).as(item.text()).isEqualTo(200);
            assertThat(item.text()).contains("mail of " + ALICE);
            RawHttp.Response attachment = bearer(front, CallbackTokenTest.getAttachment("ATT-" + ITEM), token);
            assertThat(attachment.status()).as(attachment.text()).isEqualTo(200);
            assertThat(attachment.text()).contains("of " + ALICE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aServiceAccountWithoutTheRightGetsAnEwsErrorNamingIt(Mode mode) throws Exception {
        try (UpstreamFixture upstream = serving(accounts(mode.server().get(), false)); TestServer front = front(upstream, Map.of())) {
            String token = callbackToken(front);
            for (String request : List.of(CallbackTokenTest.getItem(ITEM, ""), CallbackTokenTest.getAttachment("ATT-" + ITEM))) {
                RawHttp.Response r = bearer(front, request, token);
                assertThat(r.status()).isEqualTo(500);
                var fault = SoapResponses.validated(r.text());
                assertThat(fault.getElementsByTagNameNS(ERRORS, "ResponseCode").item(0).getTextContent())
                        .isEqualTo("ErrorImpersonateUserDenied");
                assertThat(fault.getElementsByTagNameNS(ERRORS, "Message").item(0).getTextContent())
                        .contains("service account").contains("owner rights").contains("ApplicationImpersonation");
            }
            assertThat(front.get("/metrics").body()).contains("reason=\"impersonation_denied\"} 2.0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void theMailServersOwnAnswersToOtherOperationsPassUnchanged(Mode mode) throws Exception {
        try (UpstreamFixture upstream = serving(accounts(mode.server().get(), true)); TestServer front = front(upstream, Map.of())) {
            String persona = CallbackTokenTest.getItem(ITEM, "").replace("m:GetItem>", "m:GetPersona>");
            var r = front.soap(persona, ALICE, PASSWORD);
            assertThat(r.statusCode()).isEqualTo(500);
            if (mode.name().equals("gromox")) {
                assertThat(r.body()).contains("Unknown request 'GetPersona'.");
                // Basic and Negotiate only: a Bearer token signs nobody in, and the 401 offers no Bearer
                var direct = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(upstream.ewsUrl())).header("Authorization", "Bearer eyJ0.eyJ0.c2ln")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(persona)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                assertThat(direct.statusCode()).isEqualTo(401);
                assertThat(direct.headers().allValues("WWW-Authenticate").toString())
                        .contains("Basic realm=\"msrpc realm\"").contains("Negotiate").doesNotContain("Bearer");
            }
            String bySid = CallbackTokenTest.getItem(ITEM, "<t:ExchangeImpersonation><t:ConnectingSID><t:SID>S-1-5-21-1"
                    + "</t:SID></t:ConnectingSID></t:ExchangeImpersonation>");
            var sid = front.soap(bySid, SERVICE, SERVICE_PASSWORD);
            if (mode.name().equals("gromox")) {
                assertThat(sid.statusCode()).isEqualTo(200);
                assertThat(sid.body()).contains("ErrorImpersonationFailed").contains("E-3276");
            } else {
                assertThat(sid.statusCode()).isEqualTo(500);
            }
            while (upstream.pollRequest(Duration.ofMillis(100)) != null) { /* drain */ }
            // gromox's own GetAppManifests is an empty stub (exch/ews/requests.cpp): ewstoken answers it instead
            var manifests = front.soap(Envelopes.app("Exchange2013", "<m:GetAppManifests/>"), ALICE, PASSWORD);
            assertThat(manifests.statusCode()).isEqualTo(200);
            assertThat(manifests.body()).contains("GetAppManifestsResponse");
            UpstreamFixture.Recorded seen;
            while ((seen = upstream.pollRequest(Duration.ofMillis(200))) != null) {
                assertThat(seen.bodyText()).doesNotContain("GetAppManifests");
            }
        }
    }

    String callbackToken(TestServer front) throws Exception {
        var r = front.soap(tokenRequest("ExtensionCallback", "ParentItemId:" + ITEM), ALICE, PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.messages(r.body()).get(0).tokenValue();
    }

    static RawHttp.Response bearer(TestServer front, String envelope, String token) throws Exception {
        return RawHttp.exchange(null, front.server().port(), RawHttp.post("/EWS/Exchange.asmx",
                envelope.getBytes(StandardCharsets.UTF_8), "Content-Type: text/xml; charset=utf-8",
                "Authorization: Bearer " + token), Duration.ofSeconds(20));
    }

    /** The KDC, started once: keytabs "service" (HTTP/localhost) and "ali" in its directory. */
    static synchronized Path kdc() throws Exception {
        if (kdc == null) {
            kdc = Kdc.start(kdcDir.resolve("kdc"));
            Files.copy(kdc.addPrincipal(HTTP_SERVICE), kdcDir.resolve("service"));
            Files.copy(kdc.addPrincipal("ali@" + Kdc.REALM), kdcDir.resolve("ali"));
            System.setProperty("java.security.krb5.conf", kdc.krb5Conf().toString());
        }
        return kdcDir;
    }

    @AfterAll
    static void stopKdc() {
        if (kdc != null) kdc.close();
    }

    static String type1() {
        return "TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAF1YAAAADw==";
    }

    /** An NTLM AUTHENTICATE message naming {@code domain\\user} (Unicode; empty responses: the fixture checks names). */
    static String type3(String domain, String user) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_16LE);
        byte[] u = user.getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer b = ByteBuffer.allocate(64 + d.length + u.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("NTLMSSP\0".getBytes(StandardCharsets.ISO_8859_1)).putInt(3);
        b.putShort((short) 0).putShort((short) 0).putInt(64); // LM
        b.putShort((short) 0).putShort((short) 0).putInt(64); // NT
        b.putShort((short) d.length).putShort((short) d.length).putInt(64);
        b.putShort((short) u.length).putShort((short) u.length).putInt(64 + d.length);
        b.putShort((short) 0).putShort((short) 0).putInt(64 + d.length + u.length); // workstation
        b.putShort((short) 0).putShort((short) 0).putInt(64 + d.length + u.length); // session key
        b.putInt(0x00000001 | 0x00000200); // UNICODE | NTLM
        b.put(d).put(u);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
