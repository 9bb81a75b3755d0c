package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.ListenerSettings;
import org.ewstoken.store.Permission;
import org.ewstoken.testkit.TestTls;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.ewstoken.testkit.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a PEM or a PKCS#12 certificate, TLS 1.2+ with AEAD suites only, and HTTP switched off. */
@Timeout(60)
class TlsTest {

    @TempDir Path dir;

    private final SigningKey key = SigningKeys.generate("localhost", Duration.ofDays(30), Clock.systemUTC());

    private Path pem() throws Exception {
        String pem = TestTls.pem(key.certificate(), key.privateKey());
        return Files.writeString(dir.resolve("server.pem"), pem);
    }

    private Path p12(String password) throws Exception {
        return TestTls.pkcs12(dir.resolve("server.p12"), key.privateKey(), key.certificate(), password);
    }

    private SSLContext trusting() throws Exception {
        return TestTls.trusting(key.certificate());
    }

    private void assertServesTokensOverHttps(TestServer server) throws Exception {
        server.addUser(TestServer.ALICE);
        server.addAddIn(TestServer.CRM, Permission.READ_ITEM, "https://crm.example/read.html", Set.of(), true, null);
        HttpClient client = HttpClient.newBuilder().sslContext(trusting()).build();
        URI base = URI.create("https://localhost:" + server.server().httpsPort());
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/EWS/Exchange.asmx"))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("Authorization", Credentials.basic(TestServer.ALICE, TestServer.PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString(Envelopes.getClientAccessToken("Exchange2013",
                        Envelopes.tokenRequest(TestServer.CRM, "CallerIdentity")))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(SoapResponses.messages(r.body())).singleElement().satisfies(m -> assertThat(m.responseCode()).isEqualTo("NoError"));
    }

    private String handshake(int port, String protocol, String suite) throws Exception {
        SSLContext ctx = trusting();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.setEnabledProtocols(new String[] {protocol});
            if (suite != null) s.setEnabledCipherSuites(new String[] {suite});
            s.startHandshake();
            return s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
        }
    }

    @Test
    void servesOverHttpsWithAPemCertificateAndOnlyModernProtocolsAndSuites() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of(ListenerSettings.HTTPS_PORT, "0",
                ListenerSettings.TLS_CERTIFICATE, pem().toString()))) {
            int port = server.server().httpsPort();
            assertThat(port).isPositive();
            assertThat(server.server().port()).as("HTTP stays on unless switched off").isPositive();
            assertServesTokensOverHttps(server);

            assertThat(handshake(port, "TLSv1.3", null)).startsWith("TLSv1.3 TLS_AES_");
            assertThat(handshake(port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                    .isEqualTo("TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            for (String weak : new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"}) {
                assertThatThrownBy(() -> handshake(port, "TLSv1.2", weak)).as(weak).isInstanceOf(SSLHandshakeException.class);
            }
        }
    }

    @Test
    void servesHttpsOnlyWithAPkcs12CertificateAndHttpOff() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of(ListenerSettings.HTTPS_PORT, "0",
                ListenerSettings.TLS_CERTIFICATE, p12("p12-secret").toString(), ListenerSettings.TLS_PASSWORD, "p12-secret",
                ListenerSettings.HTTP_ENABLED, "false"))) {
            assertThat(server.server().port()).as("no HTTP port").isEqualTo(-1);
            assertThat(server.server().publicUrl().getScheme()).isEqualTo("https");
            assertServesTokensOverHttps(server);
        }
    }

    @Test
    void aWrongPasswordOrNoListenerAtAllIsAClearConfigurationError() throws Exception {
        Path p12 = p12("right");
        assertThatThrownBy(() -> TestServer.start(dir.resolve("a"), Map.of(ListenerSettings.HTTPS_PORT, "0",
                ListenerSettings.TLS_CERTIFICATE, p12.toString(), ListenerSettings.TLS_PASSWORD, "not-the-password-42")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.p12")
                .hasMessageNotContaining("not-the-password-42");
        assertThatThrownBy(() -> TestServer.start(dir.resolve("b"), Map.of(ListenerSettings.HTTP_ENABLED, "false")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nothing to listen on");
    }
}
