package org.ewstoken.tokens;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Shared test material. RSA key generation is slow, so the two keys are made once per test JVM. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2025-01-15T10:00:00.750Z");
    static final long NOW_SECONDS = 1736935200L; // NOW truncated to seconds
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String REALM = "mail.contoso.com";
    static final String ISSUER = "00000002-0000-0ff1-ce00-000000000000@mail.contoso.com";
    static final URI METADATA_URL = URI.create("https://mail.contoso.com:443/autodiscover/metadata/json/1");
    static final URI EWS_URL = URI.create("https://mail.contoso.com/EWS/Exchange.asmx");
    static final URI REST_URL = URI.create("https://mail.contoso.com/api");
    static final IssuerSettings SETTINGS = new IssuerSettings(REALM, METADATA_URL, EWS_URL, REST_URL,
            Duration.ofHours(8), Duration.ofMinutes(5));
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static SigningKey keyA() {
        return Keys.A;
    }

    static SigningKey keyB() {
        return Keys.B;
    }

    private static final class Keys {
        static final SigningKey A = SigningKeys.generate("ewstoken test A", Duration.ofDays(365), CLOCK);
        static final SigningKey B = SigningKeys.generate("ewstoken test B", Duration.ofDays(365), CLOCK);
    }

    static KeyPair keyPair(String algorithm, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    /** A certificate for any key pair, made independently of {@link SigningKeys#generate}. */
    static X509Certificate selfSigned(KeyPair pair, String signatureAlgorithm) throws Exception {
        X500Name name = new X500Name("CN=test");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(42), Date.from(NOW),
                Date.from(NOW.plus(Duration.ofDays(1))), name, pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate())));
    }

    /** The public key a verifier finds in a metadata document under {@code x5t}, as a relying party would. */
    static PublicKey publishedKey(byte[] metadataDocument, String x5t) throws Exception {
        for (JsonNode key : JSON.readTree(metadataDocument).get("keys")) {
            if (key.get("keyinfo").get("x5t").asText().equals(x5t)) {
                byte[] der = Base64.getDecoder().decode(key.get("keyvalue").get("value").asText());
                return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                        .getPublicKey();
            }
        }
        throw new AssertionError("no key " + x5t + " in metadata document");
    }
}
