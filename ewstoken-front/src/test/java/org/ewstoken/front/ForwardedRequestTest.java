package org.ewstoken.front;

import org.ewstoken.server.config.ListenerSettings;
import org.ewstoken.server.config.CoreSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.Setting;
import org.ewstoken.server.hostile.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request forwarded as the client: the upstream sees the client, path and method ewstoken saw. Forwarding headers
 * are ewstoken's (a client's are believed only from a trusted proxy), path and method overrides never pass, ambiguous
 * paths and paths outside upstream-paths never reach the upstream.
 */
class ForwardedRequestTest {

    /** Client-address and forwarding headers a client could forge. */
    static final List<String> CLIENT_ADDRESS = List.of("X-Real-IP", "True-Client-IP", "X-Client-IP", "Client-IP",
            "X-Cluster-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP", "X-Originating-IP", "X-Remote-IP",
            "X-Remote-Addr", "X-ProxyUser-Ip", "X-Original-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Server",
            "X-Forwarded-Ssl", "X-Forwarded-Scheme", "X-Forwarded-Prefix", "Forwarded-For", "X-Host", "X-Original-Host",
            "Front-End-Https", "X-ARR-SSL");
    /** Another path or method than the one routed, for IIS URL Rewrite and ASP.NET. */
    static final List<String> OVERRIDES = List.of("X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override",
            "X-HTTP-Method", "X-Method-Override");

    @TempDir Path dir;
    UpstreamFixture upstream;
    TestServer front;

    void start(Map<Setting, String> extra) throws Exception {
        upstream = new UpstreamFixture();
        front = Front.start(dir.resolve("data"), upstream.ewsUrl(), extra);
    }

    @AfterEach
    void stop() throws Exception {
        if (front != null) front.close();
        if (upstream != null) upstream.close();
    }

    RawHttp.Response get(String target, List<String> names, String value) throws Exception {
        String[] lines = names.stream().map(n -> n + ": " + value).toArray(String[]::new);
        return RawHttp.exchange(front.server().port(), RawHttp.request("GET", target, new byte[0], lines));
    }

    @Test
    void clientAddressForwardingAndOverrideHeadersNeverReachTheUpstreamFromAnUntrustedClient() throws Exception {
        start(Map.of());
        List<String> all = new java.util.ArrayList<>(CLIENT_ADDRESS);
        all.addAll(OVERRIDES);
        all.addAll(List.of("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded"));
        assertThat(get("/mapi/emsmdb/?mailboxId=1", all, "6.6.6.6").status()).isEqualTo(200);

        UpstreamFixture.Recorded got = upstream.takeRequest();
        assertThat(got.target()).isEqualTo("/mapi/emsmdb/?mailboxId=1");
        assertThat(got.method()).isEqualTo("GET");
        for (String h : CLIENT_ADDRESS) assertThat(got.header(h)).as(h).isNull();
        for (String h : OVERRIDES) assertThat(got.header(h)).as(h).isNull();
        assertThat(got.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(got.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(got.header("X-Forwarded-Host")).isEqualTo("localhost");
        assertThat(got.header("Forwarded")).isEqualTo("by=\"127.0.0.1\";for=\"127.0.0.1\";host=\"localhost\";proto=http");
        assertThat(got.headers().toString()).doesNotContain("6.6.6.6");
    }

    @Test
    void behindATrustedProxyItsForwardingHeadersAreKeptAndAppendedToButOverridesStillNeverPass() throws Exception {
        start(Map.of(ListenerSettings.TRUST_FORWARDED_HEADERS, "true"));
        RawHttp.Response r = RawHttp.exchange(front.server().port(), RawHttp.request("GET", "/mapi/emsmdb/", new byte[0],
                "X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https", "X-Forwarded-Host: mail.example.com",
                "Forwarded: for=203.0.113.7;proto=https", "X-Real-IP: 203.0.113.7", "Via: 1.1 proxy",
                "X-Original-URL: /ecp/", "X-HTTP-Method-Override: DELETE"));
        assertThat(r.status()).isEqualTo(200);

        UpstreamFixture.Recorded got = upstream.takeRequest();
        assertThat(got.header("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
        assertThat(got.header("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(got.header("X-Forwarded-Host")).isEqualTo("mail.example.com");
        assertThat(got.header("Forwarded")).startsWith("for=203.0.113.7;proto=https, by=\"127.0.0.1\";for=\"127.0.0.1\"");
        assertThat(got.header("X-Real-IP")).isEqualTo("203.0.113.7");
        assertThat(got.header("Via")).isEqualTo("1.1 proxy, 1.1 ewstoken");
        assertThat(got.header("X-Original-URL")).isNull();
        assertThat(got.header("X-HTTP-Method-Override")).isNull();
    }

    @Test
    void ambiguousPathsAndPathsOutsideTheUpstreamPrefixesNeverReachTheUpstream() throws Exception {
        start(Map.of());
        for (String target : List.of("/EWS;/../ecp/x", "/autodiscover;x/../owa/", "/mapi;/../powershell/",
                "/EWS/%2e%2e/ecp/", "/mapi/..%2fpowershell", "/OAB/..%5cecp", "/EWS/Exchange.asmx%00.js",
                "/Microsoft-Server-ActiveSync;/../ecp", "/rpc/%252e%252e/owa")) {
            for (String method : List.of("GET", "POST")) {
                RawHttp.Response r = RawHttp.exchange(front.server().port(), RawHttp.request(method, target,
                        "<x/>".getBytes(StandardCharsets.UTF_8), "Content-Type: text/xml", "Authorization: Basic YTpi"));
                assertThat(r.status()).as(method + " " + target).isEqualTo(400);
            }
        }
        for (String target : List.of("/microsoft-server-activesyncX", "/Microsoft-Server-ActiveSync.aspx",
                "/mapix/emsmdb", "/ecp/", "/owa/", "/powershell/")) {
            RawHttp.Response r = RawHttp.exchange(front.server().port(), RawHttp.request("GET", target, new byte[0]));
            assertThat(r.status()).as(target).isEqualTo(404);
        }
        assertThat(upstream.pollRequest(Duration.ofMillis(300))).isNull();

        for (String target : List.of("/Microsoft-Server-ActiveSync?Cmd=Ping&User=alice", "/microsoft-server-activesync/default.eas",
                "/EWS/mrsproxy.svc", "/OAB/5c0a/oab.xml")) {
            assertThat(RawHttp.exchange(front.server().port(), RawHttp.request("GET", target, new byte[0])).status())
                    .as(target).isEqualTo(200);
            assertThat(upstream.takeRequest().target()).isEqualTo(target);
        }
    }

    @Test
    void anEwsBodyLargerThanEwstokensOwnLimitStreamsToTheUpstreamWhichAnswersTheExpect() throws Exception {
        start(Map.of(CoreSettings.MAX_REQUEST_BYTES, "1024"));
        byte[] body = ("<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                + "<m:CreateAttachment xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
                + "x".repeat(8192) + "</m:CreateAttachment></s:Body></s:Envelope>").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = RawHttp.exchange(front.server().port(), RawHttp.post("/EWS/Exchange.asmx", body,
                "Content-Type: text/xml; charset=utf-8", "Authorization: Basic YTpi", "Expect: 100-continue"));
        assertThat(r.status()).isIn(100, 200);
        UpstreamFixture.Recorded got = upstream.takeRequest();
        assertThat(got.body()).isEqualTo(body);
        assertThat(got.header("Authorization")).isEqualTo("Basic YTpi");
    }
}
