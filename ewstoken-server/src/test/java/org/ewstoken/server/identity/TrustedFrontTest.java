package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ListenerSettings;
import org.ewstoken.server.config.TrustedFrontSettings;
import org.ewstoken.server.identity.front.TrustedFrontMethod;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trusted front-end asserting the mailbox: with an HMAC signature over method, path, timestamp,
 * mailbox and body digest, or over mutual TLS with a pinned client certificate. A bare header, a
 * wrong or stale or replayed signature, a changed body and an unpinned certificate are refused.
 */
@Timeout(120)
class TrustedFrontTest {

    static final String SECRET = "a-shared-front-end-secret-of-48-characters-xxxxx";
    static final String PATH = "/EWS/Exchange.asmx";

    @TempDir static Path dir;
    static TestServer server;
    static TestCa serverTls;
    static TestCa pinned;
    static TestCa unpinned;

    @BeforeAll
    static void start() throws Exception {
        serverTls = TestCa.create(dir.resolve("pki"), "server");
        pinned = TestCa.create(dir.resolve("pki"), "front");
        unpinned = TestCa.create(dir.resolve("pki"), "stranger");
        Path tls = dir.resolve("server-tls.pem");
        Files.writeString(tls, Files.readString(serverTls.certFile()) + Files.readString(serverTls.keyFile()));
        Path secret = dir.resolve("front.secret");
        Files.writeString(secret, SECRET + "\n");
        server = TestServer.start(dir.resolve("server"), Map.of(ListenerSettings.HTTPS_PORT, "0",
                ListenerSettings.TLS_CERTIFICATE, tls.toString(),
                TrustedFrontSettings.FRONT_HMAC_SECRET_FILE, secret.toString(),
                TrustedFrontSettings.FRONT_CLIENT_CERTIFICATES, pinned.certFile().toString()));
        server.addAddIn(Envelopes.DOCUMENTED_ADDIN.toLowerCase(), Permission.READ_ITEM, "https://addin.example/app.html",
                Set.of(), true, null);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> post(HttpClient http, String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static Map<String, String> signed(String mailbox, String body, long timestamp, String secret) throws Exception {
        String digest = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        return Map.of(TrustedFrontMethod.MAILBOX, mailbox, TrustedFrontMethod.TIMESTAMP, Long.toString(timestamp),
                TrustedFrontMethod.CONTENT_SHA256, digest, TrustedFrontMethod.SIGNATURE,
                TrustedFrontMethod.sign(secret.getBytes(StandardCharsets.UTF_8), "POST", PATH, timestamp, mailbox, digest));
    }

    static HttpResponse<String> http(String body, Map<String, String> headers) throws Exception {
        return post(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.server().port() + PATH, body, headers);
    }

    @Test
    void aSignedRequestGetsATokenForTheAssertedMailbox() throws Exception {
        String body = Envelopes.documented();
        HttpResponse<String> r = http(body, signed("Frank@Example.test", body, Instant.now().getEpochSecond(), SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(SoapResponses.messages(r.body()).get(0).responseCode()).isEqualTo("NoError");
        assertThat(server.server().installation().store().findUser("frank@example.test")).isPresent();
    }

    @Test
    void aBareHeaderAWrongStaleOrReplayedSignatureAndAnotherBodyAreRefused() throws Exception {
        String body = Envelopes.documented();
        long now = Instant.now().getEpochSecond();
        assertThat(http(body, Map.of(TrustedFrontMethod.MAILBOX, "gina@example.test")).statusCode()).isEqualTo(401);
        assertThat(http(body, signed("gina@example.test", body, now, SECRET.replace('a', 'b'))).statusCode())
                .isEqualTo(401);
        assertThat(http(body, signed("gina@example.test", body, now - 120, SECRET)).statusCode()).isEqualTo(401);
        assertThat(http(body, signed("gina@example.test", body, now + 120, SECRET)).statusCode()).isEqualTo(401);
        Map<String, String> forGina = signed("gina@example.test", body, now, SECRET);
        Map<String, String> other = new java.util.HashMap<>(forGina);
        other.put(TrustedFrontMethod.MAILBOX, "admin@example.test"); // the signature was for gina
        assertThat(http(body, other).statusCode()).isEqualTo(401);
        String otherBody = body.replace("CallerIdentity", "ExtensionCallback");
        assertThat(server.server().installation().store().findUser("gina@example.test")).isEmpty();
        assertThat(http(otherBody, forGina).statusCode()).as("the body is not the one signed").isEqualTo(401);
        assertThat(server.server().installation().store().findUser("admin@example.test")).isEmpty();

        Map<String, String> once = signed("hugo@example.test", body, now, SECRET);
        assertThat(http(body, once).statusCode()).isEqualTo(200);
        assertThat(http(body, once).statusCode()).as("replayed").isEqualTo(401);
        for (String junk : new String[] {"!!!", "", "A".repeat(300)}) {
            Map<String, String> h = new java.util.HashMap<>(signed("ivan@example.test", body, now, SECRET));
            h.put(TrustedFrontMethod.SIGNATURE, junk.isEmpty() ? "=" : junk);
            assertThat(http(body, h).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aPinnedClientCertificateMayAssertTheMailboxAndAnotherMayNot() throws Exception {
        String url = "https://127.0.0.1:" + server.server().httpsPort() + PATH;
        String body = Envelopes.documented();
        HttpResponse<String> ok = post(client(pinned), url, body, Map.of(TrustedFrontMethod.MAILBOX, "jana@example.test"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(server.server().installation().store().findUser("jana@example.test")).isPresent();

        // Another certificate does not even complete the handshake (only the pinned ones are trusted).
        assertThatThrownBy(() -> post(client(unpinned), url, body, Map.of(TrustedFrontMethod.MAILBOX, "karl@example.test")))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(post(client(null), url, body, Map.of(TrustedFrontMethod.MAILBOX, "karl@example.test")).statusCode())
                .isEqualTo(401);
        assertThat(server.server().installation().store().findUser("karl@example.test")).isEmpty();
    }

    /** An HTTPS client trusting the server's test CA, presenting {@code identity}'s certificate (or none). */
    static HttpClient client(TestCa identity) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(serverTls.caFile())) {
            trust.setCertificateEntry("ca", cf.generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (identity != null) {
            X509Certificate cert;
            try (var in = Files.newInputStream(identity.certFile())) {
                cert = (X509Certificate) cf.generateCertificate(in);
            }
            PrivateKey key;
            try (PEMParser p = new PEMParser(new FileReader(identity.keyFile().toFile()))) {
                key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
            }
            keys.setKeyEntry("front", key, "pw".toCharArray(), new Certificate[] {cert});
        }
        kmf.init(keys, "pw".toCharArray());
        javax.net.ssl.X509ExtendedKeyManager km = (javax.net.ssl.X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        // Like an OpenSSL-based front-end (curl, nginx), send the configured certificate whatever CAs the
        // server lists; the JDK's key manager would only offer one issued by a listed CA.
        javax.net.ssl.X509ExtendedKeyManager always = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override public String chooseClientAlias(String[] t, java.security.Principal[] i, java.net.Socket s) {
                return identity == null ? null : "front"; }
            @Override public String chooseEngineClientAlias(String[] t, java.security.Principal[] i, javax.net.ssl.SSLEngine e) {
                return identity == null ? null : "front"; }
            @Override public String[] getClientAliases(String t, java.security.Principal[] i) { return km.getClientAliases(t, i); }
            @Override public String[] getServerAliases(String t, java.security.Principal[] i) { return null; }
            @Override public String chooseServerAlias(String t, java.security.Principal[] i, java.net.Socket s) { return null; }
            @Override public X509Certificate[] getCertificateChain(String a) { return km.getCertificateChain(a); }
            @Override public PrivateKey getPrivateKey(String a) { return km.getPrivateKey(a); }
        };
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(new javax.net.ssl.KeyManager[] {always}, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static String fingerprint(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
            return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        }
    }
}
