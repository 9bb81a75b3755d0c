package org.ewstoken.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.ewstoken.server.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Autodiscover v2: the EWS URL for an address, never the address itself, never a hint whether it exists. */
class AutodiscoverTest {

    static final String PATH = "/autodiscover/autodiscover.json/v1.0/";

    @RegisterExtension
    static final TestServer server = TestServer.perClass().with(TestServer.USER_ALICE);
    static String ewsAnswer;

    @BeforeAll
    static void start() throws Exception {
        ewsAnswer = "{\"Protocol\":\"EWS\",\"Url\":\"" + server.server().publicUrl() + "/EWS/Exchange.asmx\"}";
    }

    @Test
    void aMailboxGetsItsEwsUrl() throws Exception {
        HttpResponse<String> r = server.get(PATH + TestServer.ALICE + "?Protocol=EWS");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).isEqualTo(ewsAnswer);
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerSoMailboxesCannotBeEnumerated() throws Exception {
        HttpResponse<String> known = server.get(PATH + TestServer.ALICE + "?Protocol=EWS");
        HttpResponse<String> unknown = server.get(PATH + "nobody@fabrikam.com?Protocol=EWS");

        assertThat(unknown.statusCode()).isEqualTo(known.statusCode());
        assertThat(unknown.body()).isEqualTo(known.body());
    }

    @Test
    void pathAndProtocolIgnoreCase() throws Exception {
        HttpResponse<String> r = server.get("/AutoDiscover/AutoDiscover.json/V1.0/Alice@Contoso.com?protocol=ews");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(ewsAnswer);
    }

    @Test
    void anotherOrNoProtocolIsABadRequest() throws Exception {
        for (String query : new String[] {"?Protocol=ActiveSync", "?Protocol=Rest", "", "?Protocol=EWS&Protocol=EWS"}) {
            HttpResponse<String> r = server.get(PATH + TestServer.ALICE + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.body()).as(query).contains("\"ErrorCode\":\"InvalidProtocol\"").doesNotContain("ActiveSync");
        }
    }

    @Test
    void aHostileAddressIsRefusedAndNeverReflected() throws Exception {
        String[] hostile = {"%3Cscript%3Ealert(1)%3C%2Fscript%3E@contoso.com", "%3Cb%3Ealice%3C%2Fb@contoso.com",
                "%3Cb%3Ealice@contoso.com", "alice%25@contoso.com%0a", "%22%3E%3Cimg%20src=x%3E@contoso.com",
                "alice", "alice@", "@contoso.com", "alice@contoso", "a@b@contoso.com", "x".repeat(400) + "@contoso.com",
                "alice%0d%0aSet-Cookie:%20x=1@contoso.com"};
        for (String address : hostile) {
            HttpResponse<String> r = server.get(PATH + address + "?Protocol=EWS");
            assertThat(r.statusCode()).as(address).isEqualTo(400);
            assertThat(r.body()).as(address).doesNotContain("<", ">", "\nSet-Cookie", "\r");
            assertThat(r.headers().map()).doesNotContainKey("set-cookie");
            if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                assertThat(r.body()).as(address).contains("\"ErrorCode\":\"InvalidUser\"")
                        .doesNotContain("script", "img", "alert", "xxxxxxxx", "alice");
            } // else Jetty itself refused the URI (an encoded '/' is ambiguous) before any endpoint saw it
        }
        assertThat(server.get(PATH + "alice@contoso?Protocol=EWS").body()).contains("\"ErrorCode\":\"InvalidUser\"");
        assertThat(server.get(PATH + "%3Cb%3Ealice@contoso.com?Protocol=EWS").body()).contains("\"ErrorCode\":\"InvalidUser\"");
        assertThat(server.get(PATH + "alice%40contoso.com?Protocol=EWS").body()).as("an encoded @ is an @").isEqualTo(ewsAnswer);
    }

    @Test
    void headAnswersWithoutABodyAndOtherMethodsAreNotAllowed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = server.url(PATH + TestServer.ALICE + "?Protocol=EWS");

        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
