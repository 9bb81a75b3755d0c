package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * The authentication metadata document served at the identity token's {@code amurl}: the certificates
 * a verifier may check token signatures with, each under its {@code x5t}. Publish the current signing
 * certificate and any retired one whose tokens may still be valid.
 */
public final class MetadataDocument {
    private static final String ANY_REALM = "*";

    private MetadataDocument() {
    }

    /**
     * The document as UTF-8 JSON, members in the order of REFERENCE §2 and keys in the given order.
     *
     * @param documentId            the {@code id} member, e.g. {@code "_" + UUID}
     * @param metadataUrl           where the document is served (its own {@code endpoints} entry)
     * @param publishedCertificates the certificates to publish
     */
    public static byte[] render(String documentId, URI metadataUrl, List<X509Certificate> publishedCertificates) {
        requireNonNull(documentId, "documentId");
        requireNonNull(metadataUrl, "metadataUrl");
        requireNonNull(publishedCertificates, "publishedCertificates");
        String issuer = IssuerSettings.EXCHANGE_PRINCIPAL + "@" + ANY_REALM;
        Base64.Encoder base64 = Base64.getEncoder();
        return Json.write(512 + 1600 * publishedCertificates.size(), json -> {
            json.writeStartObject();
            json.writeStringField("id", documentId);
            json.writeStringField("version", "1.0");
            json.writeStringField("name", "Exchange");
            json.writeStringField("realm", ANY_REALM);
            json.writeStringField("serviceName", IssuerSettings.EXCHANGE_PRINCIPAL);
            json.writeStringField("issuer", issuer);
            json.writeArrayFieldStart("allowedAudiences");
            json.writeString(issuer);
            json.writeEndArray();
            json.writeArrayFieldStart("keys");
            for (X509Certificate certificate : publishedCertificates) {
                json.writeStartObject();
                json.writeStringField("usage", "signing");
                json.writeObjectFieldStart("keyinfo");
                json.writeStringField("x5t", SigningKeys.thumbprint(certificate));
                json.writeEndObject();
                json.writeObjectFieldStart("keyvalue");
                json.writeStringField("type", "x509Certificate");
                json.writeStringField("value", base64.encodeToString(SigningKeys.der(certificate)));
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("endpoints");
            json.writeStartObject();
            json.writeStringField("location", metadataUrl.toString());
            json.writeStringField("protocol", "OAuth2");
            json.writeStringField("usage", "metadata");
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
