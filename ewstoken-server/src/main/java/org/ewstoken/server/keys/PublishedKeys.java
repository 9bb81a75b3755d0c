package org.ewstoken.server.keys;

import java.security.cert.X509Certificate;
import org.ewstoken.validation.KeySource;
import org.ewstoken.validation.TokenValidationException;

/**
 * The certificates this server publishes right now, as a {@link KeySource} for validating its own
 * tokens: exactly what a verifier fetching the metadata document would trust. Re-indexed only when
 * the key ring's snapshot changes.
 */
public final class PublishedKeys implements KeySource {

    private record Indexed(KeyRing.Snapshot source, KeySource keys) {}

    private final KeyRing ring;
    private volatile Indexed indexed;

    public PublishedKeys(KeyRing ring) {
        this.ring = ring;
    }

    @Override
    public X509Certificate certificate(String x5t) throws TokenValidationException {
        KeyRing.Snapshot snapshot = ring.snapshot();
        Indexed i = indexed;
        if (i == null || i.source() != snapshot) {
            i = new Indexed(snapshot, KeySource.of(snapshot.published()));
            indexed = i;
        }
        return i.keys().certificate(x5t);
    }
}
