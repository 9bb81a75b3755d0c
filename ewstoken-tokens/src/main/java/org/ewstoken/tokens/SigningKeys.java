package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Date;

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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
            X509Certificate certificate = selfSign(pair, subjectCommonName, certificateValidity, clock.instant(),
                    provider);
            return new SigningKey(thumbprint(certificate), pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            // Only a broken JDK installation gets here: RSA and SHA256withRSA are mandatory algorithms.
            throw new IllegalStateException("cannot generate an RSA signing key", e);
        }
    }

    /**
     * Signed by the provider that made the key (null: the JDK's choice): the same signature (RSA PKCS#1 v1.5 is
     * deterministic), but the JDK's provider, handed a native key, signed with BigInteger code not yet compiled on a
     * first start: 0.15-0.2 s of its main thread (docs/benchmarks.md, "Issue 21, fourth session").
     */
    private static X509Certificate selfSign(KeyPair pair, String commonName, Duration validity, Instant now,
                                            Provider provider)
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
        JcaContentSignerBuilder signer = new JcaContentSignerBuilder(CERTIFICATE_SIGNATURE);
        if (provider != null) signer.setProvider(provider);
        X509CertificateHolder holder = builder.build(signer.build(pair.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /**
     * Imports the first entry of a PKCS#12 file that holds a private key; its certificate is the first of
     * the entry's chain. The key is read with the file's password. The stream is not closed.
     */
    public static SigningKey fromPkcs12(InputStream in, char[] password) throws KeyImportException {
        return KeyImport.fromPkcs12(in, password);
    }

    /**
     * Imports a PEM text holding one unencrypted private key ({@code PRIVATE KEY}, PKCS#8, or
     * {@code RSA PRIVATE KEY}, PKCS#1) and one or more certificates. The certificate used is the one
     * whose public key matches the private key, so a full chain may be pasted in any order.
     */
    public static SigningKey fromPem(String pemText) throws KeyImportException {
        return KeyImport.fromPem(pemText);
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
        return KeyImport.checked(privateKey, certificate);
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
}
