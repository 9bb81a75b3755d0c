package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.TestServer.CRM;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.hostile.RawHttp;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CORS on /EWS/Exchange.asmx as plain HTTP: which preflights and requests get which headers. */
class TaskPaneCorsTest {

    static final String BARE = "0c0ffee0-0000-4000-8000-000000000002";
    static final String CRM_ORIGIN = "https://crm.contoso.com";
    static final String APP_DOMAIN = "https://login.contoso.com";
    static final String BARE_ORIGIN = "https://bare.contoso.com:8443";
    static final String OTHER = "https://evil.example";

    @RegisterExtension
    final FrontPerTest f = FrontPerTest.withServiceAccount();

    @BeforeEach
    void start() throws Exception {
        f.front().addUser(TestServer.ALICE);
        String manifest = Files.readString(Path.of("..", "examples", "contoso-crm-manifest.xml"))
                .replace("</Permissions>", "</Permissions><AppDomains><AppDomain>" + APP_DOMAIN + "</AppDomain></AppDomains>");
        f.front().server().installation().store().addAddIn(new AddIn(CRM, "Contoso CRM", Permission.READ_ITEM,
                "https://crm.contoso.com/outlook/read.html", Set.of(), true, InstallScope.ORGANIZATION, null,
                Instant.now()), manifest.getBytes(StandardCharsets.UTF_8));
        f.front().addAddIn(BARE, Permission.READ_ITEM, BARE_ORIGIN + "/pane.html", Set.of(), true, null);
    }

    RawHttp.Response preflight(String origin, String method, String headers) throws Exception {
        return RawHttp.exchange(f.front().server().port(), RawHttp.request("OPTIONS", "/EWS/Exchange.asmx", new byte[0],
                "Origin: " + origin, "Access-Control-Request-Method: " + method,
                "Access-Control-Request-Headers: " + headers));
    }

    RawHttp.Response post(String origin, String authorization, String envelope) throws Exception {
        return RawHttp.exchange(null, f.front().server().port(), RawHttp.post("/EWS/Exchange.asmx",
                envelope.getBytes(StandardCharsets.UTF_8), "Origin: " + origin, "Content-Type: text/xml; charset=utf-8",
                "Authorization: " + authorization), Duration.ofSeconds(20));
    }

    static void assertNoCors(RawHttp.Response r) {
        assertThat(r.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    }

    @Test
    void aPreflightFromTheSourceLocationsOriginIsGrantedPostWithAuthorizationAndContentTypeAndNoCredentials() throws Exception {
        RawHttp.Response r = preflight(CRM_ORIGIN, "POST", "authorization,content-type");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(CRM_ORIGIN);
        assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("POST");
        assertThat(r.header("Access-Control-Allow-Headers")).isEqualTo("Authorization, Content-Type");
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(f.upstream().pollRequest(Duration.ofMillis(200))).isNull();
    }

    @Test
    void aPreflightFromAnAppDomainOrFromTheAudienceOfAnAddInWithoutManifestIsGranted() throws Exception {
        assertThat(preflight(APP_DOMAIN, "POST", "authorization").header("Access-Control-Allow-Origin")).isEqualTo(APP_DOMAIN);
        assertThat(preflight(BARE_ORIGIN, "POST", "content-type").header("Access-Control-Allow-Origin")).isEqualTo(BARE_ORIGIN);
    }

    @Test
    void aPreflightFromAnyOtherOriginIsRefusedWithoutCorsHeaders() throws Exception {
        for (String origin : new String[] {OTHER, "null", "https://crm.contoso.com:444", "http://crm.contoso.com",
                "https://bare.contoso.com"}) {
            RawHttp.Response r = preflight(origin, "POST", "authorization");
            assertThat(r.status()).as(origin).isEqualTo(403);
            assertNoCors(r);
        }
    }

    @Test
    void aPreflightForAnotherMethodOrHeaderIsRefusedEvenFromAnAddIn() throws Exception {
        assertThat(preflight(CRM_ORIGIN, "PUT", "authorization").status()).isEqualTo(403);
        RawHttp.Response r = preflight(CRM_ORIGIN, "POST", "authorization,cookie2,x-anchormailbox");
        assertThat(r.status()).isEqualTo(403);
        assertNoCors(r);
    }

    @Test
    void aDisabledAddInsOriginIsRefusedAndGrantedAgainOnceEnabled() throws Exception {
        f.front().server().installation().store().setAddInEnabled(CRM, false);
        assertThat(preflight(CRM_ORIGIN, "POST", "authorization").status()).isEqualTo(403);
        assertThat(preflight(APP_DOMAIN, "POST", "authorization").status()).isEqualTo(403);
        f.front().server().installation().store().setAddInEnabled(CRM, true);
        assertThat(preflight(CRM_ORIGIN, "POST", "authorization").status()).isEqualTo(204);
    }

    @Test
    void anOptionsRequestThatIsNoPreflightIsNotAllowed() throws Exception {
        RawHttp.Response r = RawHttp.exchange(f.front().server().port(), RawHttp.request("OPTIONS", "/EWS/Exchange.asmx",
                new byte[0]));
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("OPTIONS, POST");
        assertNoCors(r);
    }

    @Test
    void aBearerRequestFromAnAddInsOriginMayBeReadEvenWhenTheTokenIsRefused() throws Exception {
        RawHttp.Response r = post(CRM_ORIGIN, "Bearer not-a-token", CallbackTokenTest.getItem("AAMk", ""));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(CRM_ORIGIN);
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void aBearerRequestFromAnotherOriginAndABasicRequestFromAnAddInsOriginGetNoCorsHeaders() throws Exception {
        assertNoCors(post(OTHER, "Bearer not-a-token", CallbackTokenTest.getItem("AAMk", "")));
        var token = f.front().soap(Envelopes.getClientAccessToken("Exchange2013",
                Envelopes.tokenRequest(CRM, "CallerIdentity", null, null)), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(SoapResponses.messages(token.body()).get(0).responseCode()).isEqualTo("NoError");
        RawHttp.Response basic = post(CRM_ORIGIN, RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD).substring(15),
                Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(CRM, "CallerIdentity", null, null)));
        assertThat(basic.status()).isEqualTo(200);
        assertNoCors(basic);
    }

    @Test
    void theUpstreamsOwnCorsHeadersNeverReachABrowser() throws Exception {
        f.upstream().enqueue(UpstreamFixture.Answer.of(200, Map.of("Content-Type", "text/xml; charset=utf-8",
                "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Credentials", "true"),
                UpstreamFixture.OK_ENVELOPE.getBytes(StandardCharsets.UTF_8)));
        RawHttp.Response r = post(OTHER, RawHttp.basic("bob@contoso.com", "pw").substring(15),
                CallbackTokenTest.getItem("AAMk", ""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(f.upstream().takeRequest()).isNotNull(); // it went to the upstream, which answered with CORS headers
        assertNoCors(r);
    }
}
