package org.ewstoken.validation;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the signing certificates out of an Exchange authentication metadata document:
 * {@code keys[]} entries with {@code usage} "signing" and {@code keyvalue.type} "x509Certificate".
 *
 * <p>Each certificate is indexed by the thumbprint computed from its bytes, not by what the document
 * claims: an entry whose {@code keyinfo.x5t} disagrees is skipped, as are non-RSA and sub-2048-bit keys.
 */
final class MetadataDocuments {

    static final int MIN_RSA_BITS = 2048;
    private static final int MAX_KEYS = 64;
    private static final int MAX_JSON_DEPTH = 16;

    private MetadataDocuments() {
    }

    /** x5t → certificate; never empty. */
    static Map<String, X509Certificate> signingCertificates(byte[] body, URI url) throws MetadataUnavailableException {
        Map<String, Object> doc;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            doc = Json.parseObject(text, MAX_JSON_DEPTH);
        } catch (CharacterCodingException e) {
            throw malformed(url, "it is not UTF-8");
        } catch (Json.SyntaxException e) {
            throw malformed(url, "it is not a JSON object (" + e.getMessage() + ")");
        }
        if (!(doc.get("keys") instanceof List<?> keys)) throw malformed(url, "it has no 'keys' array");
        if (keys.size() > MAX_KEYS) throw malformed(url, "it lists more than " + MAX_KEYS + " keys");
        Map<String, X509Certificate> out = new HashMap<>();
        for (Object entry : keys) {
            if (!(entry instanceof Map<?, ?> key)) throw malformed(url, "a 'keys' entry is not an object");
            Object usage = key.get("usage");
            if (usage != null && !"signing".equals(usage)) continue;
            if (!(key.get("keyvalue") instanceof Map<?, ?> value) || !"x509Certificate".equals(value.get("type"))
                    || !(value.get("value") instanceof String base64)) {
                continue;
            }
            X509Certificate certificate = certificate(base64, url);
            if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                continue;
            }
            String x5t = Thumbprints.x5t(certificate);
            Object declared = key.get("keyinfo") instanceof Map<?, ?> info ? info.get("x5t") : null;
            if (declared != null && !x5t.equals(declared)) continue;
            out.put(x5t, certificate);
        }
        if (out.isEmpty()) {
            throw malformed(url, "it lists no usable signing certificate (an X.509 certificate with an RSA key "
                    + "of at least " + MIN_RSA_BITS + " bits whose keyinfo.x5t matches its thumbprint)");
        }
        return Map.copyOf(out);
    }

    private static X509Certificate certificate(String base64, URI url) throws MetadataUnavailableException {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw malformed(url, "a keyvalue.value is not standard base64");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            // RuntimeException too: certificate parsers have thrown unchecked exceptions on hostile DER.
            throw malformed(url, "a keyvalue.value is not a DER X.509 certificate");
        }
    }

    private static MetadataUnavailableException malformed(URI url, String why) {
        return new MetadataUnavailableException("the metadata document at " + Texts.quote(url.toString())
                + " is not an Exchange authentication metadata document: " + why);
    }
}
