package org.ewstoken.validation;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a validator finds the certificate a token's {@code x5t} names. Implementations are thread-safe.
 */
@FunctionalInterface
public interface KeySource {

    /**
     * The certificate whose thumbprint is {@code x5t}.
     *
     * @throws UnknownKeyException if there is none
     * @throws MetadataUnavailableException if the certificates cannot be had right now
     */
    X509Certificate certificate(String x5t) throws TokenValidationException;

    /** A fixed set of certificates, e.g. the issuer's, configured by hand. */
    static KeySource of(Collection<X509Certificate> certificates) {
        Map<String, X509Certificate> byId = new HashMap<>();
        for (X509Certificate c : certificates) byId.put(Thumbprints.x5t(Objects.requireNonNull(c, "certificate")), c);
        Map<String, X509Certificate> keys = Map.copyOf(byId);
        return x5t -> {
            X509Certificate c = keys.get(x5t);
            if (c == null) {
                throw new UnknownKeyException("no configured certificate has x5t " + Texts.quote(x5t)
                        + " (the configured ones are " + keys.keySet() + "); the issuer may have rotated its key");
            }
            return c;
        };
    }

    /**
     * The certificates of the metadata document at a configured URL (never one a token names), fetched and
     * cached by {@code client}, refetched when a token names a key the cached copy lacks.
     */
    static KeySource metadata(URI metadataUrl, MetadataClient client) {
        Objects.requireNonNull(metadataUrl, "metadataUrl");
        Objects.requireNonNull(client, "client");
        return x5t -> client.certificate(metadataUrl, x5t);
    }
}
