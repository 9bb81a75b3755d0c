package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.front.Front.SERVICE;
import static org.ewstoken.front.Front.SERVICE_PASSWORD;
import static org.ewstoken.protocol.EwsNamespaces.ERRORS;
import static org.ewstoken.server.TestServer.CRM;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.hostile.RawHttp;
import org.ewstoken.store.CallbackUse;
import org.ewstoken.store.Permission;
import org.ewstoken.tokens.SigningKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Callback tokens as Bearer credentials at the front: exactly what Exchange allows, as the service account. */
class CallbackTokenTest {

    static final String ITEM = "AAMkADk0ZjQ1YTg4LWE3ZjEtNGM2Ny04ZmYxLTk0N2Y0ZWQ2YjhhZgBGAAAAAAA=";
    static final String OTHER_ITEM = "AAMkADk0ZjQ1YTg4LWE3ZjEtNGM2Ny04ZmYxLTk0N2Y0ZWQ2YjhhZgBGAAAAAAB=";

    /** Not final: ServiceAccountForwardingTest runs this class's set-up on its own fixture. */
    @RegisterExtension
    FrontPerTest f = FrontPerTest.withServiceAccount();
    String token;

    @BeforeEach
    void start() throws Exception {
        f.front().addUser(TestServer.ALICE);
        f.front().addAddIn(CRM, Permission.READ_ITEM, "https://addin.example/read.html", Set.of(), true, null);
        token = callbackToken("ParentItemId:" + ITEM);
    }

    String callbackToken(String scope) throws Exception {
        var r = f.front().soap(Envelopes.getClientAccessToken("Exchange2013",
                Envelopes.tokenRequest(CRM, "ExtensionCallback", scope, null)), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        var m = SoapResponses.messages(r.body()).get(0);
        assertThat(m.responseCode()).isEqualTo("NoError");
        return m.tokenValue();
    }

    static String getItem(String itemId, String extraHeader) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\""
                + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
                + "<soap:Header><t:RequestServerVersion Version=\"Exchange2013\"/>" + extraHeader + "</soap:Header>"
                + "<soap:Body><m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>"
                + "<m:ItemIds><t:ItemId Id=\"" + itemId + "\"/></m:ItemIds></m:GetItem></soap:Body></soap:Envelope>";
    }

    static String getAttachment(String attachmentId) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\""
                + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
                + "<soap:Body><m:GetAttachment><m:AttachmentIds><t:AttachmentId Id=\"" + attachmentId + "\"/>"
                + "</m:AttachmentIds></m:GetAttachment></soap:Body></soap:Envelope>";
    }

    RawHttp.Response bearer(String envelope, String bearerToken) throws Exception {
        return RawHttp.exchange(null, f.front().server().port(), RawHttp.post("/EWS/Exchange.asmx",
                envelope.getBytes(StandardCharsets.UTF_8), "Content-Type: text/xml; charset=utf-8",
                "Authorization: Bearer " + bearerToken), Duration.ofSeconds(20));
    }

    /** The next request forwarded, past the front's check that the service account may act for the mailbox. */
    UpstreamFixture.Recorded forwarded() throws Exception {
        UpstreamFixture.Recorded r = f.upstream().takeRequest();
        return r.bodyText().contains("<t:DistinguishedFolderId Id=\"inbox\"/>") ? f.upstream().takeRequest() : r;
    }

    static String code(RawHttp.Response r) {
        return SoapResponses.validated(r.text()).getElementsByTagNameNS(ERRORS, "ResponseCode").item(0).getTextContent();
    }

    static String message(RawHttp.Response r) {
        return SoapResponses.validated(r.text()).getElementsByTagNameNS(ERRORS, "Message").item(0).getTextContent();
    }

    List<CallbackUse> audit(int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<CallbackUse> uses;
        do {
            uses = f.front().server().installation().database().callbackUseLog().newest(20);
            if (uses.size() >= atLeast) return uses;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return uses;
    }

    @Test
    void getItemForTheScopedItemIsForwardedAsTheServiceAccountActingForTheMailboxNeverWithTheToken() throws Exception {
        RawHttp.Response r = bearer(getItem(ITEM, ""), token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(UpstreamFixture.OK_ENVELOPE);

        UpstreamFixture.Recorded got = forwarded();
        assertThat(got.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (SERVICE + ":" + SERVICE_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        String body = got.bodyText();
        assertThat(body).contains("ExchangeImpersonation").contains("<ewstoken:PrimarySmtpAddress>" + TestServer.ALICE
                + "</ewstoken:PrimarySmtpAddress>").contains("<t:ItemId Id=\"" + ITEM + "\"");
        String everything = got.headers().toString() + body;
        assertThat(everything).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContainIgnoringCase("bearer");

        assertThat(audit(1)).first().satisfies(u -> {
            assertThat(u.userSmtp()).isEqualTo(TestServer.ALICE);
            assertThat(u.addInId()).isEqualTo(CRM);
            assertThat(u.operation()).isEqualTo("GetItem");
            assertThat(u.itemId()).isEqualTo(ITEM);
            assertThat(u.verdict()).isEqualTo("allowed");
        });
        assertThat(f.front().get("/metrics").body())
                .contains("ewstoken_front_callback_decisions_total{decision=\"allowed\",reason=\"ok\"} 1.0");
    }

    @Test
    void anotherItemIsRefusedWithAccessDenied() throws Exception {
        RawHttp.Response r = bearer(getItem(OTHER_ITEM, ""), token);
        assertThat(r.status()).isEqualTo(500);
        assertThat(code(r)).isEqualTo("ErrorAccessDenied");
        assertThat(message(r)).isEqualTo("Access is denied. Check credentials and try again.");
        assertThat(f.upstream().pollRequest(Duration.ofMillis(200))).isNull();
        assertThat(audit(1).get(0).verdict()).isEqualTo("refused:other_item");
    }

    @Test
    void anotherOperationIsRefusedAsAnUnavailableWebMethod() throws Exception {
        String move = getItem(ITEM, "").replace("<m:GetItem>", "<m:MoveItem>").replace("</m:GetItem>", "</m:MoveItem>");
        RawHttp.Response r = bearer(move, token);
        assertThat(r.status()).isEqualTo(500);
        assertThat(code(r)).isEqualTo("ErrorAccessDenied");
        assertThat(message(r)).isEqualTo("The requested web method is unavailable to this caller or application.");
        assertThat(f.upstream().pollRequest(Duration.ofMillis(200))).isNull();
        assertThat(f.front().get("/metrics").body()).contains(
                "ewstoken_front_callback_decisions_total{decision=\"refused\",reason=\"operation_not_allowed\"} 1.0");
    }

    @Test
    void aClientsOwnImpersonationHeaderIsRefused() throws Exception {
        RawHttp.Response r = bearer(getItem(ITEM, "<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>"
                + "ceo@contoso.com</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>"), token);
        assertThat(r.status()).isEqualTo(500);
        assertThat(code(r)).isEqualTo("ErrorImpersonateUserDenied");
        assertThat(f.upstream().pollRequest(Duration.ofMillis(200))).isNull();
    }

    @Test
    void aTokenIsRefusedOnceItsAddInIsDisabledOrUninstalled() throws Exception {
        f.front().server().installation().store().setAddInEnabled(CRM, false);
        RawHttp.Response disabled = bearer(getItem(ITEM, ""), token);
        assertThat(disabled.status()).isEqualTo(401);
        assertThat(disabled.header("www-authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        f.front().server().installation().store().setAddInEnabled(CRM, true);
        assertThat(bearer(getItem(ITEM, ""), token).status()).isEqualTo(200);
        forwarded();
        f.front().server().installation().store().removeAddIn(CRM);
        assertThat(bearer(getItem(ITEM, ""), token).status()).isEqualTo(401);
        assertThat(f.upstream().pollRequest(Duration.ofMillis(200))).isNull();
        assertThat(f.front().get("/metrics").body())
                .contains("reason=\"add_in_disabled\"} 1.0").contains("reason=\"add_in_not_installed\"} 1.0");
    }

    @Test
    void anExpiredTokenAndAForgedTokenAreRefused() throws Exception {
        String[] parts = token.split("\\.");
        ObjectMapper json = new ObjectMapper();
        ObjectNode payload = (ObjectNode) json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        long past = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
        payload.put("nbf", past - 300).put("exp", past);
        String expired = resign(parts[0], Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(payload)),
                f.front().server().keyRing().signingKey());
        assertThat(bearer(getItem(ITEM, ""), expired).status()).isEqualTo(401);

        char last = parts[2].charAt(parts[2].length() - 2);
        String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2)
                + (last == 'A' ? 'B' : 'A') + parts[2].charAt(parts[2].length() - 1);
        assertThat(bearer(getItem(ITEM, ""), forged).status()).isEqualTo(401);
        assertThat(f.upstream().pollRequest(Duration.ofMillis(200))).isNull();
        assertThat(f.front().get("/metrics").body()).contains("reason=\"expired\"} 1.0").contains("reason=\"bad_signature\"} 1.0");
    }

    static String resign(String header, String payload, SigningKey key) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key.privateKey());
        s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    }

    @Test
    void whetherAnAttachmentBelongsToTheItemIsAskedOfTheUpstreamAsTheServiceAccount() throws Exception {
        f.upstream().dispatcher(r -> r.bodyText().contains("item:Attachments")
                ? UpstreamFixture.Answer.ok("<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        + "<s:Body><m:GetItemResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\""
                        + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><m:ResponseMessages>"
                        + "<m:GetItemResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode>"
                        + "<m:Items><t:Message><t:ItemId Id=\"" + ITEM + "\"/><t:Attachments><t:FileAttachment>"
                        + "<t:AttachmentId Id=\"ATT-OF-ITEM\"/></t:FileAttachment></t:Attachments></t:Message></m:Items>"
                        + "</m:GetItemResponseMessage></m:ResponseMessages></m:GetItemResponse></s:Body></s:Envelope>")
                : UpstreamFixture.Answer.ok(UpstreamFixture.OK_ENVELOPE));

        RawHttp.Response ok = bearer(getAttachment("ATT-OF-ITEM"), token);
        assertThat(ok.status()).isEqualTo(200);
        UpstreamFixture.Recorded lookup = f.upstream().takeRequest();
        assertThat(lookup.bodyText()).contains("<t:ItemId Id=\"" + ITEM + "\"/>").contains(TestServer.ALICE);
        assertThat(lookup.header("Authorization")).startsWith("Basic ");
        assertThat(f.upstream().takeRequest().bodyText()).contains("GetAttachment").contains("ATT-OF-ITEM");

        RawHttp.Response refused = bearer(getAttachment("ATT-OF-ANOTHER-ITEM"), token);
        assertThat(refused.status()).isEqualTo(500);
        assertThat(code(refused)).isEqualTo("ErrorAccessDenied");
        f.upstream().takeRequest(); // the lookup
        assertThat(f.upstream().pollRequest(Duration.ofMillis(200))).as("the GetAttachment itself is not forwarded").isNull();
    }
}
