package org.ewstoken.tokens;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.tokens.Fixtures.keyA;
import static org.ewstoken.tokens.Fixtures.keyB;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Importing an organisation's own key: PKCS#12 and PEM, and every way the material can be unusable. */
class KeyImportTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private static KeyPair rsa1024;
    private static X509Certificate rsa1024Certificate;
    private static KeyPair ec;
    private static X509Certificate ecCertificate;

    @BeforeAll
    static void shortAndNonRsaKeys() throws Exception {
        rsa1024 = Fixtures.keyPair("RSA", 1024);
        rsa1024Certificate = Fixtures.selfSigned(rsa1024, "SHA256withRSA");
        ec = Fixtures.keyPair("EC", 256);
        ecCertificate = Fixtures.selfSigned(ec, "SHA256withECDSA");
    }

    private static byte[] pkcs12(PrivateKey key, X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("signing", key, PASSWORD, new Certificate[] {certificate});
        return write(store);
    }

    private static byte[] write(KeyStore store) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, PASSWORD);
        return out.toByteArray();
    }

    private static String pem(Object... objects) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return text.toString();
    }

    /** {@code -----BEGIN PRIVATE KEY-----}: PKCS#8. */
    private static Object pkcs8(PrivateKey key) throws Exception {
        return new JcaPKCS8Generator(key, null);
    }

    @Nested
    class FromPkcs12 {
        @Test
        void readsTheKeyAndItsCertificate() throws Exception {
            SigningKey imported = SigningKeys.fromPkcs12(
                    new ByteArrayInputStream(pkcs12(keyA().privateKey(), keyA().certificate())), PASSWORD);

            assertThat(imported.keyId()).isEqualTo(keyA().keyId());
            assertThat(imported.certificate()).isEqualTo(keyA().certificate());
            assertThat(imported.privateKey().getEncoded()).isEqualTo(keyA().privateKey().getEncoded());
        }

        @Test
        void skipsEntriesWithoutAPrivateKey() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("a-trusted-ca", keyB().certificate());
            store.setKeyEntry("signing", keyA().privateKey(), PASSWORD, new Certificate[] {keyA().certificate()});

            SigningKey imported = SigningKeys.fromPkcs12(new ByteArrayInputStream(write(store)), PASSWORD);

            assertThat(imported.keyId()).isEqualTo(keyA().keyId());
        }

        /** Importing {@code file} with its right password fails with exactly {@code message}. */
        private void assertRefused(byte[] file, String message) {
            assertThatThrownBy(() -> SigningKeys.fromPkcs12(new ByteArrayInputStream(file), PASSWORD))
                    .isInstanceOf(KeyImportException.class).hasMessage(message);
        }

        @Test
        void refusesAFileWithoutAPrivateKey() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("a-trusted-ca", keyB().certificate());
            byte[] file = write(store);

            assertRefused(file, "PKCS#12 file has no private key entry");
        }

        @Test
        void refusesAWrongPassword() throws Exception {
            byte[] file = pkcs12(keyA().privateKey(), keyA().certificate());
            assertThatThrownBy(() -> SigningKeys.fromPkcs12(new ByteArrayInputStream(file), "wrong".toCharArray()))
                    .isInstanceOf(KeyImportException.class)
                    .hasMessage("cannot read PKCS#12 file: wrong password or corrupted file");
        }

        @Test
        void refusesAKeyStoredWithAnotherCertificate() throws Exception {
            // KeyStore itself does not check that the pair belongs together.
            assertRefused(pkcs12(keyA().privateKey(), keyB().certificate()), "key does not match certificate");
        }

        @Test
        void refusesA1024BitKey() throws Exception {
            assertRefused(pkcs12(rsa1024.getPrivate(), rsa1024Certificate),
                    "RSA key of 1024 bits is too short (2048 required)");
        }

        @Test
        void refusesAnEcKey() throws Exception {
            assertRefused(pkcs12(ec.getPrivate(), ecCertificate),
                    "only RSA keys are supported, the certificate holds an EC key");
        }

        @Test
        void refusesGarbage() {
            assertRefused("not a PKCS#12 file".getBytes(UTF_8),
                    "cannot read PKCS#12 file: wrong password or corrupted file");
        }
    }

    @Nested
    class FromPem {
        @Test
        void readsAPkcs8KeyAndItsCertificate() throws Exception {
            String text = pem(pkcs8(keyA().privateKey()), keyA().certificate());
            assertThat(text).contains("-----BEGIN PRIVATE KEY-----").contains("-----BEGIN CERTIFICATE-----");

            SigningKey imported = SigningKeys.fromPem(text);

            assertThat(imported.keyId()).isEqualTo(keyA().keyId());
            assertThat(imported.privateKey().getEncoded()).isEqualTo(keyA().privateKey().getEncoded());
        }

        @Test
        void readsAPkcs1RsaKeyAndItsCertificate() throws Exception {
            String text = pem(keyA().privateKey(), keyA().certificate());
            assertThat(text).contains("-----BEGIN RSA PRIVATE KEY-----");

            SigningKey imported = SigningKeys.fromPem(text);

            assertThat(imported.keyId()).isEqualTo(keyA().keyId());
            assertThat(imported.privateKey().getEncoded()).isEqualTo(keyA().privateKey().getEncoded());
        }

        @Test
        void picksTheMatchingCertificateFromAChainInAnyOrder() throws Exception {
            String text = pem(keyB().certificate(), keyA().certificate(), pkcs8(keyA().privateKey()));
            assertThat(SigningKeys.fromPem(text).keyId()).isEqualTo(keyA().keyId());
        }

        @Test
        void refusesAKeyWithAnotherCertificate() throws Exception {
            String text = pem(pkcs8(keyA().privateKey()), keyB().certificate());
            assertThatThrownBy(() -> SigningKeys.fromPem(text))
                    .isInstanceOf(KeyImportException.class).hasMessage("key does not match certificate");
        }

        @Test
        void refusesA1024BitKey() throws Exception {
            String text = pem(rsa1024.getPrivate(), rsa1024Certificate);
            assertThatThrownBy(() -> SigningKeys.fromPem(text))
                    .isInstanceOf(KeyImportException.class)
                    .hasMessage("RSA key of 1024 bits is too short (2048 required)");
        }

        @Test
        void refusesAnEcKey() throws Exception {
            String text = pem(pkcs8(ec.getPrivate()), ecCertificate);
            assertThatThrownBy(() -> SigningKeys.fromPem(text))
                    .isInstanceOf(KeyImportException.class)
                    .hasMessageStartingWith("only RSA keys are supported");
        }

        @Test
        void refusesAnEncryptedKey() throws Exception {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider()).setPassword(PASSWORD).build();
            String text = pem(new JcaPKCS8Generator(keyA().privateKey(), encryptor), keyA().certificate());
            assertThat(text).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");

            assertThatThrownBy(() -> SigningKeys.fromPem(text))
                    .isInstanceOf(KeyImportException.class)
                    .hasMessage("encrypted private keys are not supported: decrypt the key first");
        }

        @Test
        void needsBothAKeyAndACertificate() throws Exception {
            String keyOnly = pem(pkcs8(keyA().privateKey()));
            String certificateOnly = pem(keyA().certificate());
            assertThatThrownBy(() -> SigningKeys.fromPem(keyOnly))
                    .isInstanceOf(KeyImportException.class).hasMessage("PEM text has no certificate");
            assertThatThrownBy(() -> SigningKeys.fromPem(certificateOnly))
                    .isInstanceOf(KeyImportException.class).hasMessage("PEM text has no private key");
        }

        @Test
        void refusesTwoPrivateKeys() throws Exception {
            String text = pem(pkcs8(keyA().privateKey()), pkcs8(keyB().privateKey()), keyA().certificate());
            assertThatThrownBy(() -> SigningKeys.fromPem(text))
                    .isInstanceOf(KeyImportException.class).hasMessage("PEM text has more than one private key");
        }

        @Test
        void refusesGarbageWithAnImportExceptionOnly() {
            assertThatThrownBy(() -> SigningKeys.fromPem("hello"))
                    .isInstanceOf(KeyImportException.class).hasMessage("PEM text has no private key");
            assertThatThrownBy(() -> SigningKeys.fromPem(
                    "-----BEGIN PRIVATE KEY-----\nAAAA!!!!\n-----END PRIVATE KEY-----\n"))
                    .isInstanceOf(KeyImportException.class).hasMessageStartingWith("cannot parse PEM text");
            assertThatThrownBy(() -> SigningKeys.fromPem(
                    "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n"))
                    .isInstanceOf(KeyImportException.class).hasMessageStartingWith("cannot parse PEM text");
            assertThatThrownBy(() -> SigningKeys.fromPem("-----BEGIN PRIVATE KEY-----\nMIIB"))
                    .isInstanceOf(KeyImportException.class).hasMessageStartingWith("cannot parse PEM text");
        }
    }
}
