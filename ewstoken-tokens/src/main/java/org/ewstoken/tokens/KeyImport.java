package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * An organisation's own key, read from PKCS#12 or PEM, and the checks every import path ends in (RSA,
 * at least {@link SigningKeys#MINIMUM_RSA_BITS} bits, key matches certificate). Every failure is a
 * {@link KeyImportException}, never a raw parser or provider exception.
 */
final class KeyImport {

    private KeyImport() {
    }

    /**
     * Imports the first entry of a PKCS#12 file that holds a private key; its certificate is the first of
     * the entry's chain. The key is read with the file's password. The stream is not closed.
     */
    static SigningKey fromPkcs12(InputStream in, char[] password) throws KeyImportException {
        requireNonNull(in, "in");
        requireNonNull(password, "password");
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new KeyImportException("cannot read PKCS#12 file: wrong password or corrupted file", e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, password);
                Certificate[] chain = store.getCertificateChain(alias);
                if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
                    continue;
                }
                if (!(chain[0] instanceof X509Certificate)) {
                    throw new KeyImportException("PKCS#12 entry '" + alias + "' has no X.509 certificate");
                }
                return checked((PrivateKey) key, (X509Certificate) chain[0]);
            }
        } catch (UnrecoverableKeyException e) {
            throw new KeyImportException("cannot read the PKCS#12 private key: it has a password other than the file's", e);
        } catch (GeneralSecurityException e) {
            throw new KeyImportException("cannot read PKCS#12 file: " + e.getMessage(), e);
        }
        throw new KeyImportException("PKCS#12 file has no private key entry");
    }

    /**
     * Imports a PEM text holding one unencrypted private key ({@code PRIVATE KEY}, PKCS#8, or
     * {@code RSA PRIVATE KEY}, PKCS#1) and one or more certificates. The certificate used is the one
     * whose public key matches the private key, so a full chain may be pasted in any order.
     */
    static SigningKey fromPem(String pemText) throws KeyImportException {
        requireNonNull(pemText, "pemText");
        PrivateKey privateKey = null;
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pemText))) {
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
            JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                PrivateKey found = null;
                if (item instanceof PrivateKeyInfo info) {
                    found = keys.getPrivateKey(info);
                } else if (item instanceof PEMKeyPair pair) {
                    found = keys.getKeyPair(pair).getPrivate();
                } else if (item instanceof X509CertificateHolder holder) {
                    certificates.add(certs.getCertificate(holder));
                } else if (item instanceof PKCS8EncryptedPrivateKeyInfo || item instanceof PEMEncryptedKeyPair) {
                    throw new KeyImportException("encrypted private keys are not supported: decrypt the key first");
                }
                // Anything else (public keys, CRLs, parameters) is irrelevant here and skipped.
                if (found != null) {
                    if (privateKey != null) {
                        throw new KeyImportException("PEM text has more than one private key");
                    }
                    privateKey = found;
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new KeyImportException("cannot parse PEM text: " + e.getMessage(), e);
        }
        if (privateKey == null) {
            throw new KeyImportException("PEM text has no private key");
        }
        if (certificates.isEmpty()) {
            throw new KeyImportException("PEM text has no certificate");
        }
        for (X509Certificate certificate : certificates) {
            if (matches(privateKey, certificate)) {
                return checked(privateKey, certificate);
            }
        }
        return checked(privateKey, certificates.get(0)); // reports why the first one does not fit
    }

    /** "an EC key", "an RSA key", "a DSA key": the article as the algorithm's name is spoken. */
    static String aKey(String algorithm) {
        boolean vowelSound = !algorithm.isEmpty() && "AEFHILMNORSXaeiou".indexOf(algorithm.charAt(0)) >= 0;
        return (vowelSound ? "an " : "a ") + algorithm + " key";
    }

    /** The checks every import shares; the order gives the most useful message first. */
    static SigningKey checked(PrivateKey privateKey, X509Certificate certificate) throws KeyImportException {
        if (!(certificate.getPublicKey() instanceof RSAPublicKey publicKey)) {
            throw new KeyImportException("only RSA keys are supported, the certificate holds "
                    + aKey(certificate.getPublicKey().getAlgorithm()));
        }
        if (!(privateKey instanceof RSAPrivateKey)) {
            throw new KeyImportException("only RSA keys are supported, got " + aKey(privateKey.getAlgorithm()));
        }
        int bits = publicKey.getModulus().bitLength();
        if (bits < SigningKeys.MINIMUM_RSA_BITS) {
            throw new KeyImportException("RSA key of " + bits + " bits is too short (" + SigningKeys.MINIMUM_RSA_BITS
                    + " required)");
        }
        if (!matches(privateKey, certificate)) {
            throw new KeyImportException("key does not match certificate");
        }
        return new SigningKey(SigningKeys.thumbprint(certificate), privateKey, certificate);
    }

    private static boolean matches(PrivateKey privateKey, X509Certificate certificate) {
        if (!(privateKey instanceof RSAPrivateKey rsa) || !(certificate.getPublicKey() instanceof RSAPublicKey pub)) {
            return false;
        }
        // Same modulus means same key pair; a CRT key also carries the public exponent to compare.
        return rsa.getModulus().equals(pub.getModulus())
                && (!(rsa instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(pub.getPublicExponent()));
    }
}
