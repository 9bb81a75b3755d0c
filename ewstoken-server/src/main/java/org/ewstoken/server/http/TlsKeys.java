package org.ewstoken.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.ListenerSettings;

/**
 * The HTTPS server key and certificate chain, from a PKCS#12 file or PEM files (PKCS#8, PKCS#1 or
 * SEC1 EC key; the chain in any order, the server's certificate first). Errors name the file,
 * never its content.
 */
final class TlsKeys {

    /** A key store holding one key entry, and the password that opens it. */
    record Loaded(KeyStore store, String password) {}

    private TlsKeys() {
    }

    static Loaded load(ListenerSettings settings) {
        Path certificate = settings.tlsCertificate().orElseThrow();
        String name = certificate.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                String password = settings.tlsPassword().orElse("");
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(certificate)) {
                    ks.load(in, password.toCharArray());
                }
                return new Loaded(ks, password);
            }
            List<X509Certificate> chain = new ArrayList<>();
            List<PrivateKey> keys = new ArrayList<>();
            readPem(certificate, chain, keys);
            if (settings.tlsPrivateKey().isPresent()) readPem(settings.tlsPrivateKey().get(), chain, keys);
            if (chain.isEmpty()) throw new ConfigException("tls-certificate " + certificate + " holds no certificate");
            if (keys.size() != 1) {
                throw new ConfigException("expected exactly one private key in tls-certificate / tls-private-key, found "
                        + keys.size());
            }
            String password = randomPassword();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", keys.get(0), password.toCharArray(), chain.toArray(new Certificate[0]));
            return new Loaded(ks, password);
        } catch (IOException | GeneralSecurityException e) {
            // The exception class only: a message might quote key material or the password's effect.
            throw new ConfigException("cannot load the TLS certificate or key from " + certificate + " ("
                    + e.getClass().getSimpleName() + "; wrong tls-password, or not PEM / PKCS#12?)");
        }
    }

    private static void readPem(Path file, List<X509Certificate> chain, List<PrivateKey> keys)
            throws IOException, GeneralSecurityException {
        JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certConverter = new JcaX509CertificateConverter();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(certConverter.getCertificate(holder));
                } else if (o instanceof PrivateKeyInfo info) {
                    keys.add(keyConverter.getPrivateKey(info));
                } else if (o instanceof PEMKeyPair pair) {
                    keys.add(keyConverter.getKeyPair(pair).getPrivate());
                } else {
                    throw new ConfigException(file + " holds a PEM object this server cannot use ("
                            + o.getClass().getSimpleName() + "; encrypted keys are not supported, use PKCS#12)");
                }
            }
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
