package org.ewstoken.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.tokens.Fixtures.CLOCK;
import static org.ewstoken.tokens.Fixtures.NOW;
import static org.ewstoken.tokens.Fixtures.keyA;
import static org.ewstoken.tokens.Fixtures.keyB;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SigningKeysTest {

    @Test
    void generatesAnRsa2048KeyPair() {
        SigningKey key = keyA();
        assertThat(key.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(((RSAPublicKey) key.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(((RSAPrivateCrtKey) key.privateKey()).getModulus())
                .isEqualTo(((RSAPublicKey) key.certificate().getPublicKey()).getModulus());
    }

    @Test
    void generatedCertificateIsSelfSignedWithSha256WithRsa() throws Exception {
        X509Certificate certificate = keyA().certificate();

        certificate.verify(certificate.getPublicKey()); // throws unless signed by its own key
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=ewstoken test A");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
    }

    @Test
    void generatedCertificateIsBackdatedFiveMinutesAndLastsTheRequestedValidity() {
        X509Certificate certificate = keyA().certificate();
        var now = NOW.truncatedTo(ChronoUnit.SECONDS);

        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(now.minus(Duration.ofMinutes(5)));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(365)));
    }

    @Test
    void everyGeneratedKeyHasItsOwnPositiveSerialAndModulus() {
        BigInteger serialA = keyA().certificate().getSerialNumber();
        BigInteger serialB = keyB().certificate().getSerialNumber();

        assertThat(serialA.signum()).isPositive();
        assertThat(serialA.bitLength()).isLessThanOrEqualTo(160);
        assertThat(serialA).isNotEqualTo(serialB);
        assertThat(keyA().keyId()).isNotEqualTo(keyB().keyId());
    }

    @Test
    void keyIdIsTheBase64UrlSha1ThumbprintOfTheCertificateDer() throws Exception {
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(keyA().certificate().getEncoded());
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(sha1);

        assertThat(SigningKeys.thumbprint(keyA().certificate())).isEqualTo(expected).hasSize(27);
        assertThat(keyA().keyId()).isEqualTo(expected);
    }

    @Test
    void aCommonNameWithSpecialCharactersStaysOneAttribute() {
        SigningKey key = SigningKeys.generate("Contoso, O=Evil", Duration.ofDays(1), CLOCK);
        assertThat(key.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Contoso\\, O\\=Evil");
    }

    @Test
    void generateRefusesAnEmptyValidityOrName() {
        assertThatThrownBy(() -> SigningKeys.generate("x", Duration.ZERO, CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificateValidity");
        assertThatThrownBy(() -> SigningKeys.generate(" ", Duration.ofDays(1), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("subjectCommonName is blank");
    }

    @Test
    void survivesThePkcs8AndDerEncodingsTheStoreKeeps() throws Exception {
        byte[] pkcs8 = SigningKeys.encodePrivateKey(keyA().privateKey());

        SigningKey decoded = SigningKeys.decode(pkcs8, keyA().certificate().getEncoded());

        assertThat(decoded).isEqualTo(keyA());
    }

    @Test
    void decodeRefusesAPrivateKeyOfAnotherCertificate() throws Exception {
        byte[] pkcs8 = SigningKeys.encodePrivateKey(keyA().privateKey());
        assertThatThrownBy(() -> SigningKeys.decode(pkcs8, keyB().certificate().getEncoded()))
                .isInstanceOf(KeyImportException.class).hasMessage("key does not match certificate");
    }

    @Test
    void decodeRefusesGarbage() throws Exception {
        byte[] certificate = keyA().certificate().getEncoded();
        byte[] pkcs8 = SigningKeys.encodePrivateKey(keyA().privateKey());
        assertThatThrownBy(() -> SigningKeys.decode(new byte[] {1, 2, 3}, certificate))
                .isInstanceOf(KeyImportException.class).hasMessage("cannot decode PKCS#8 RSA private key");
        assertThatThrownBy(() -> SigningKeys.decode(pkcs8, new byte[] {1, 2, 3}))
                .isInstanceOf(KeyImportException.class).hasMessage("cannot decode X.509 certificate");
    }

    @Test
    void aSigningKeyMustBeNamedByItsThumbprint() {
        assertThatThrownBy(() -> new SigningKey(keyB().keyId(), keyA().privateKey(), keyA().certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keyId " + keyB().keyId() + " is not the certificate thumbprint");
    }

    @Test
    void aSigningKeyDoesNotPrintItsPrivateKey() {
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) keyA().privateKey();
        assertThat(keyA().toString())
                .startsWith("SigningKey[keyId=" + keyA().keyId() + ", subject=CN=ewstoken test A")
                .doesNotContain(privateKey.getPrivateExponent().toString())
                .doesNotContain(privateKey.getPrivateExponent().toString(16))
                .doesNotContain(privateKey.getPrimeP().toString());
    }
}
