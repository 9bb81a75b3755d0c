package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Collections;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Makes {@link SigningKey}s: generates a fresh RSA-2048 key with a self-signed certificate, or imports
 * an organisation's own key from PKCS#12, PEM or the PKCS#8 + DER pair this module stores.
 *
 * <p>Every import path ends in the same checks (RSA, at least 2048 bits, key matches certificate) and
 * reports any failure as a {@link KeyImportException}, never as a raw parser or provider exception.
 */
public final class SigningKeys {
    /** Shorter RSA keys are refused: they are breakable and jose4j/.NET verifiers reject them anyway. */
    public static final int MINIMUM_RSA_BITS = 2048;

    private static final int GENERATED_RSA_BITS = 2048;
    private static final String CERTIFICATE_SIGNATURE = "SHA256withRSA";
    /** Back-dates generated certificates so verifiers with a slow clock accept them at once. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private SigningKeys() {
    }

    /**
     * Generates an RSA-2048 key and a self-signed X.509 v3 certificate for it.
     *
     * @param subjectCommonName   CN of the certificate's subject (and issuer)
     * @param certificateValidity how long after now the certificate stays valid
     * @param clock               source of "now"; notBefore is now minus five minutes
     */
    public static SigningKey generate(String subjectCommonName, Duration certificateValidity, Clock clock) {
        return generate(subjectCommonName, certificateValidity, clock, null);
    }

    /**
     * Like {@link #generate(String, Duration, Clock)}, with the key pair made by {@code provider} (null:
     * the JDK's). A native provider makes an RSA-2048 key in a tenth of the JDK's time, which the
     * first start of a server waits for.
     */
    public static SigningKey generate(String subjectCommonName, Duration certificateValidity, Clock clock,
                                      Provider provider) {
        requireNonNull(subjectCommonName, "subjectCommonName");
        requireNonNull(certificateValidity, "certificateValidity");
        requireNonNull(clock, "clock");
        if (subjectCommonName.isBlank()) {
            throw new IllegalArgumentException("subjectCommonName is blank");
        }
        if (certificateValidity.isNegative() || certificateValidity.isZero()) {
            throw new IllegalArgumentException("certificateValidity must be positive: " + certificateValidity);
        }
        try {
            KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("RSA")
                    : KeyPairGenerator.getInstance("RSA", provider);
            generator.initialize(new RSAKeyGenParameterSpec(GENERATED_RSA_BITS, RSAKeyGenParameterSpec.F4), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X509Certificate certificate = selfSign(pair, subjectCommonName, certificateValidity, clock.instant());
            return new SigningKey(thumbprint(certificate), pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            // Only a broken JDK installation gets here: RSA and SHA256withRSA are mandatory algorithms.
            throw new IllegalStateException("cannot generate an RSA signing key", e);
        }
    }

    private static X509Certificate selfSign(KeyPair pair, String commonName, Duration validity, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        // Built attribute by attribute so a CN holding ',' or '=' cannot inject other RDNs.
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        // RFC 5280: a positive serial of at most 20 octets; 159 random bits + 1 is never zero.
        BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                Date.from(start.minus(BACKDATE)), Date.from(start.plus(validity)), name, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
        X509CertificateHolder holder = builder.build(
                new JcaContentSignerBuilder(CERTIFICATE_SIGNATURE).build(pair.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /**
     * Imports the first entry of a PKCS#12 file that holds a private key; its certificate is the first of
     * the entry's chain. The key is read with the file's password. The stream is not closed.
     */
    public static SigningKey fromPkcs12(InputStream in, char[] password) throws KeyImportException {
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
    public static SigningKey fromPem(String pemText) throws KeyImportException {
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

    /** Rebuilds a key from the two encodings the store keeps: PKCS#8 DER and certificate DER. */
    public static SigningKey decode(byte[] pkcs8PrivateKey, byte[] certificateDer) throws KeyImportException {
        requireNonNull(pkcs8PrivateKey, "pkcs8PrivateKey");
        requireNonNull(certificateDer, "certificateDer");
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8PrivateKey));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyImportException("cannot decode PKCS#8 RSA private key", e);
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificateDer));
        } catch (CertificateException | RuntimeException e) {
            throw new KeyImportException("cannot decode X.509 certificate", e);
        }
        return checked(privateKey, certificate);
    }

    /** The PKCS#8 DER encoding of a private key, as {@link #decode} reads it back. */
    public static byte[] encodePrivateKey(PrivateKey key) {
        requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key cannot be exported as PKCS#8 (format "
                    + key.getFormat() + ")");
        }
        return encoded;
    }

    /** The JWT {@code x5t} of a certificate: base64url, without padding, of the SHA-1 of its DER. */
    public static String thumbprint(X509Certificate cert) {
        requireNonNull(cert, "cert");
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-1").digest(der(cert)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /**
     * The header's {@code kid}: the same SHA-1 thumbprint as {@code x5t}, written as Exchange writes it, in
     * upper-case hex (40 characters), e.g. {@code 0600F9F6…CEB8}.
     *
     * @param x5t a thumbprint as {@link #thumbprint} gives it
     */
    public static String hexThumbprint(String x5t) {
        return HexFormat.of().withUpperCase().formatHex(Base64.getUrlDecoder().decode(requireNonNull(x5t, "x5t")));
    }

    static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
        }
    }

    /** "an EC key", "an RSA key", "a DSA key": the article as the algorithm's name is spoken. */
    static String aKey(String algorithm) {
        boolean vowelSound = !algorithm.isEmpty() && "AEFHILMNORSXaeiou".indexOf(algorithm.charAt(0)) >= 0;
        return (vowelSound ? "an " : "a ") + algorithm + " key";
    }

    /** The checks every import shares; the order gives the most useful message first. */
    private static SigningKey checked(PrivateKey privateKey, X509Certificate certificate) throws KeyImportException {
        if (!(certificate.getPublicKey() instanceof RSAPublicKey publicKey)) {
            throw new KeyImportException("only RSA keys are supported, the certificate holds "
                    + aKey(certificate.getPublicKey().getAlgorithm()));
        }
        if (!(privateKey instanceof RSAPrivateKey)) {
            throw new KeyImportException("only RSA keys are supported, got " + aKey(privateKey.getAlgorithm()));
        }
        int bits = publicKey.getModulus().bitLength();
        if (bits < MINIMUM_RSA_BITS) {
            throw new KeyImportException("RSA key of " + bits + " bits is too short (" + MINIMUM_RSA_BITS
                    + " required)");
        }
        if (!matches(privateKey, certificate)) {
            throw new KeyImportException("key does not match certificate");
        }
        return new SigningKey(thumbprint(certificate), privateKey, certificate);
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
