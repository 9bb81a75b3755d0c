package org.ewstoken.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.ewstoken.testkit.TestClock;
import org.ewstoken.testkit.TestTls;
import org.ewstoken.tokens.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metadata document over real TLS: a self-signed server certificate, trusted only when the caller says so. */
class HttpsMetadataTest {

    MetadataServer server;
    TestClock clock;
    TestIssuer issuer;
    SigningKey tlsKey;

    @BeforeEach
    void setUp() throws Exception {
        clock = TestClock.now();
        tlsKey = new TestIssuer(clock, java.net.URI.create("https://unused")).newKey(); // self-signed, CN=localhost
        server = MetadataServer.https(serverContext(tlsKey));
        issuer = new TestIssuer(clock, server.metadataUrl());
        server.publish(List.of(issuer.key().certificate()));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aTokenValidatesOverHttpsWithTheCallersSslContext() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(clientContext(tlsKey)).build();
        IdentityTokenValidator validator = IdentityTokenValidator.builder().audience(TestIssuer.AUDIENCE)
                .trust(MetadataTrust.hosts(server.hostAndPort()))
                .metadataClient(MetadataClient.builder().httpClient(client).clock(clock).timeout(Duration.ofSeconds(60)).build())
                .clock(clock).build();

        assertThat(validator.validate(issuer.identityToken()).uniqueId())
                .isEqualTo("https://" + server.hostAndPort() + MetadataServer.PATH + issuer.exchangeUid);
    }

    @Test
    void anUntrustedServerCertificateMakesTheMetadataUnavailableSaidInOurWords() {
        IdentityTokenValidator validator = IdentityTokenValidator.builder().audience(TestIssuer.AUDIENCE)
                .trust(MetadataTrust.hosts(server.hostAndPort()))
                .metadataClient(MetadataClient.builder().timeout(Duration.ofSeconds(60)).clock(clock).build()) // the handshake fails at once
                .clock(clock).build();

        assertThatThrownBy(() -> validator.validate(issuer.identityToken()))
                .isInstanceOf(MetadataUnavailableException.class).hasMessageContaining("TLS")
                .hasMessageContaining("its certificate is not trusted").hasMessageContaining("SSLContext")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("PKIX").doesNotContain("sun.")
                        .doesNotContain("Exception"));
    }

    static SSLContext serverContext(SigningKey key) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("tls", key.privateKey(), new char[0], new Certificate[] {key.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }

    static SSLContext clientContext(SigningKey trusted) throws Exception {
        return TestTls.trusting(trusted.certificate());
    }
}
