package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.TestServer.CRM;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.hostile.RawHttp;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A domain-joined Outlook signs in with NTLM or Negotiate, which the front relays to the upstream on the
 * connection's own upstream connection; once the upstream accepts, the connection gets tokens as the mailbox the
 * upstream names. The fixture plays IIS's NTLM handshake (no real NTLM or Kerberos server, and no KDC, takes part:
 * these tests check the relay mechanics).
 */
class NegotiateRelayTest {

    static final String PRIMARY = "alice.primary@contoso.com";

    @RegisterExtension
    final FrontPerTest f = FrontPerTest.withoutServiceAccount();

    /** The upstream plays IIS's NTLM handshake and answers as the mailbox {@link #PRIMARY}; the front knows the CRM add-in. */
    @BeforeEach
    void start() throws Exception {
        f.upstream().ntlm(true);
        f.upstream().dispatcher(NegotiateRelayTest::mailbox);
        f.front().addAddIn(CRM, Permission.READ_ITEM, "https://addin.example/read.html", Set.of(), true, null);
    }

    static UpstreamFixture.Answer mailbox(UpstreamFixture.Recorded r) {
        String body = r.bodyText();
        String t = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"";
        if (body.contains("GetFolder")) {
            return UpstreamFixture.Answer.ok("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                    + "<m:GetFolderResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" " + t
                    + "><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError"
                    + "</m:ResponseCode><m:Folders><t:Folder><t:FolderId Id=\"AQMkInbox=\"/></t:Folder></m:Folders>"
                    + "</m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse></s:Body></s:Envelope>");
        }
        if (body.contains("ConvertId")) {
            return UpstreamFixture.Answer.ok("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                    + "<m:ConvertIdResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" " + t
                    + "><m:ResponseMessages><m:ConvertIdResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError"
                    + "</m:ResponseCode><m:AlternateId Format=\"EwsId\" Id=\"AQMkInbox=\" Mailbox=\"" + PRIMARY + "\"/>"
                    + "</m:ConvertIdResponseMessage></m:ResponseMessages></m:ConvertIdResponse></s:Body></s:Envelope>");
        }
        return UpstreamFixture.Answer.ok(UpstreamFixture.OK_ENVELOPE);
    }

    static RawHttp.Response token(AffinityTest.Connection c, String authorization) throws Exception {
        byte[] body = Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(CRM, "CallerIdentity"))
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=utf-8\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        c.out.write(RawHttp.concat(head.getBytes(StandardCharsets.ISO_8859_1), body));
        c.out.flush();
        return RawHttp.read(c.in);
    }

    @Test
    void anNtlmHandshakeOnATokenRequestIsRelayedAndTheConnectionGetsTokensAsTheUpstreamsMailbox() throws Exception {
        try (AffinityTest.Connection outlook = new AffinityTest.Connection(f.front().server().port());
             AffinityTest.Connection stranger = new AffinityTest.Connection(f.front().server().port())) {
            RawHttp.Response challenge = token(outlook, AffinityTest.TYPE1);
            assertThat(challenge.status()).isEqualTo(401);
            assertThat(challenge.header("www-authenticate")).startsWith("NTLM TlRMTVNTUAAC");

            RawHttp.Response signedIn = token(outlook, AffinityTest.TYPE3);
            assertThat(signedIn.status()).isEqualTo(200);
            assertThat(SoapResponses.messages(signedIn.text())).singleElement()
                    .satisfies(m -> assertThat(m.responseCode()).isEqualTo("NoError"));
            assertThat(f.front().server().installation().store().findUser(PRIMARY)).isPresent();
            assertThat(f.upstream().signedInConnections()).hasSize(1);

            RawHttp.Response again = token(outlook, null);
            assertThat(again.status()).as("the connection stays signed in").isEqualTo(200);

            assertThat(token(stranger, null).status()).as("another connection is not").isEqualTo(401);
        }
    }

    @Test
    void aConnectionSignedInOnAProxiedRequestGetsTokensWithoutAnotherHandshake() throws Exception {
        try (AffinityTest.Connection outlook = new AffinityTest.Connection(f.front().server().port())) {
            assertThat(outlook.post(AffinityTest.TYPE1).status()).isEqualTo(401); // proxied GetItem
            assertThat(outlook.post(AffinityTest.TYPE3).status()).isEqualTo(200);
            RawHttp.Response t = token(outlook, null);
            assertThat(t.status()).isEqualTo(200);
            assertThat(SoapResponses.messages(t.text()).get(0).responseCode()).isEqualTo("NoError");
        }
    }
}
