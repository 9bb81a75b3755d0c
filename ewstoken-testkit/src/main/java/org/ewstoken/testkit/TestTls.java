package org.ewstoken.testkit;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS material as operators hand it to a server (PEM, PKCS#12), and a client that trusts one certificate. */
public final class TestTls {

    private TestTls() {
    }

    /** A client context trusting {@code certificate} only (a self-signed server's, say). */
    public static SSLContext trusting(X509Certificate certificate) throws GeneralSecurityException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** The certificate, then the PKCS#8 key, as one PEM text. */
    public static String pem(X509Certificate certificate, PrivateKey key) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** Writes the key and its certificate to {@code file} as PKCS#12 under {@code password}. */
    public static Path pkcs12(Path file, PrivateKey key, X509Certificate certificate, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", key, password.toCharArray(), new Certificate[] {certificate});
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }
}
