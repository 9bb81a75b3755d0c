package org.ewstoken.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskPaneOriginsTest {

    final TaskPaneOrigins origins = new TaskPaneOrigins(new ManifestParser());

    @Test
    void anXmlManifestsOriginsAreItsSourceLocationsAndAppDomains() throws Exception {
        assertThat(origins.of(Corpus.bytes("mailapp-1.1-full.xml")))
                .containsExactly("https://crm.contoso.com", "https://login.contoso.com");
    }

    @Test
    void aJsonManifestsOriginsAreItsAudienceClaimUrlsAndValidDomains() throws Exception {
        assertThat(origins.of(Corpus.bytes("unified-manifest.json"))).containsExactly("https://mail.adventure-works.example");
    }

    @Test
    void wildcardsAndValuesWithoutAHostNameNoOrigin() throws Exception {
        String json = "{\"extensions\":[{\"audienceClaimUrl\":\"https://a.example:8443/x\"}],"
                + "\"validDomains\":[\"*.contoso.com\",\"\",\"ftp://files.example\",\"HTTPS://B.Example:443/\"]}";
        assertThat(origins.of(json.getBytes(StandardCharsets.UTF_8)))
                .containsExactly("https://a.example:8443", "https://b.example");
    }

    @Test
    void anOriginIsSchemeHostAndOnlyANonDefaultPort() {
        assertThat(TaskPaneOrigins.origin("https://Addin.Example:443/read.html?x=1")).contains("https://addin.example");
        assertThat(TaskPaneOrigins.origin("http://127.0.0.1:8080/")).contains("http://127.0.0.1:8080");
        assertThat(TaskPaneOrigins.origin("null")).isEmpty();
        assertThat(TaskPaneOrigins.origin("https://*.example")).isEmpty();
    }
}
