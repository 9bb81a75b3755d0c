package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.ewstoken.testkit.Credentials;

/**
 * Authentication, the metadata document, the WSDL and the answers to wrong methods and paths: what
 * the handlers answer, asked in memory (the wire adds nothing here).
 */
class HttpSurfaceTest {

    @RegisterExtension
    static final TestServer server = TestServer.perClass().inMemory().with(TestServer.USER_ALICE);


    @Test
    void withoutCredentialsTheAnswerIs401WithABasicChallenge() throws Exception {
        HttpResponse<String> r = server.soap(Envelopes.documented(), null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"127.0.0.1\"");
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() throws Exception {
        HttpResponse<String> unknown = server.soap(Envelopes.documented(), "nobody@contoso.com", TestServer.PASSWORD);
        HttpResponse<String> wrong = server.soap(Envelopes.documented(), TestServer.ALICE, "wrong password");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(unknown.headers().map()).containsKeys("www-authenticate");
        assertThat(wrong.headers().firstValue("www-authenticate")).isEqualTo(unknown.headers().firstValue("www-authenticate"));
    }

    @Test
    void aMalformedAuthorizationHeaderIsA401NotAnError() throws Exception {
        var r = server.send("POST", "/EWS/Exchange.asmx", Envelopes.documented(),
                "Authorization", "Basic !!!not-base64", "Content-Type", "text/xml");
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void theMetadataDocumentHasTheDocumentedShapeAndIsCacheable() throws Exception {
        HttpResponse<String> r = server.get("/autodiscover/metadata/json/1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("max-age=");
        String etag = r.headers().firstValue("ETag").orElseThrow();

        JsonNode doc = server.metadata();
        assertThat(doc.get("id").asText()).startsWith("_");
        assertThat(doc.get("version").asText()).isEqualTo("1.0");
        assertThat(doc.get("name").asText()).isEqualTo("Exchange");
        assertThat(doc.get("realm").asText()).isEqualTo("*");
        assertThat(doc.get("serviceName").asText()).isEqualTo("00000002-0000-0ff1-ce00-000000000000");
        assertThat(doc.get("issuer").asText()).isEqualTo("00000002-0000-0ff1-ce00-000000000000@*");
        assertThat(doc.get("keys")).isNotEmpty();
        assertThat(doc.get("keys").get(0).get("usage").asText()).isEqualTo("signing");
        assertThat(doc.get("keys").get(0).get("keyvalue").get("type").asText()).isEqualTo("x509Certificate");
        assertThat(doc.get("endpoints").get(0).get("location").asText())
                .isEqualTo("http://127.0.0.1:" + server.server().port() + "/autodiscover/metadata/json/1");

        HttpResponse<String> again = server.get("/autodiscover/metadata/json/1", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void theWsdlIsServedAndReferencesSchemasTheServerAlsoServes() throws Exception {
        HttpResponse<String> wsdl = server.get("/EWS/Services.wsdl");
        assertThat(wsdl.statusCode()).isEqualTo(200);
        Document doc = parse(wsdl.body());
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("definitions");
        assertThat(wsdl.body()).contains("GetClientAccessToken")
                .contains("http://127.0.0.1:" + server.server().port() + "/EWS/Exchange.asmx");
        for (String xsd : new String[] {"messages.xsd", "types.xsd"}) {
            assertThat(wsdl.body().contains(xsd) || server.get("/EWS/messages.xsd").body().contains(xsd)).isTrue();
            HttpResponse<String> schema = server.get("/EWS/" + xsd);
            assertThat(schema.statusCode()).isEqualTo(200);
            assertThat(parse(schema.body()).getDocumentElement().getLocalName()).isEqualTo("schema");
        }
    }

    @Test
    void getOnTheSoapUrlIs405AndUnknownPathsAre404() throws Exception {
        HttpResponse<String> get = server.get("/EWS/Exchange.asmx");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(server.get("/EWS/../../etc/passwd").statusCode()).isIn(400, 404);
        assertThat(server.get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void aWrongContentTypeIsRefusedClearly() throws Exception {
        var r = server.send("POST", "/EWS/Exchange.asmx", "{}",
                "Authorization", Credentials.basic(TestServer.ALICE, TestServer.PASSWORD), "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(415);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
