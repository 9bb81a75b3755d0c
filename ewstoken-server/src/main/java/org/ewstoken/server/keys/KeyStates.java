package org.ewstoken.server.keys;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.ewstoken.server.keys.KeyRing.KeyStatus;
import org.ewstoken.server.keys.KeyRing.Signer;
import org.ewstoken.server.keys.KeyRing.Snapshot;
import org.ewstoken.server.keys.KeyRing.State;
import org.ewstoken.store.StoredKey;
import org.ewstoken.tokens.SigningKey;

/** What the stored keys mean at an instant: which signs, which are published and in what order. No I/O. */
final class KeyStates {

    private record Published(StoredKey key, State state, X509Certificate certificate) {}

    private KeyStates() {
    }

    /**
     * The snapshot of {@code stored} at {@code now}; a key leaves the metadata document
     * {@code maxTokenLifetime} after its retirement, when no token it signed can still be alive.
     */
    static Snapshot at(List<StoredKey> stored, Instant now, Duration maxTokenLifetime,
                       Function<StoredKey, SigningKey> unseal) {
        List<StoredKey> keys = new ArrayList<>(stored);
        keys.sort(Comparator.comparing(StoredKey::createdAt));
        StoredKey signing = null;
        for (StoredKey k : keys) {
            if (k.signsAt(now) && (signing == null || !k.activatesAt().isBefore(signing.activatesAt()))) signing = k;
        }
        if (signing == null) {
            throw new IllegalStateException("the store holds no signing key that is active now");
        }
        List<Signer> signers = new ArrayList<>();
        List<KeyStatus> statuses = new ArrayList<>();
        List<Published> publishedKeys = new ArrayList<>();
        for (StoredKey k : keys) {
            X509Certificate cert = SealedKeys.certificate(k);
            Instant signsUntil = signsUntil(k, keys);
            Instant unpublishAt = k.retiredAt() == null ? null : k.retiredAt().plus(maxTokenLifetime);
            State state = state(k, k == signing, now, signsUntil, unpublishAt);
            if (state != State.EXPIRED) publishedKeys.add(new Published(k, state, cert));
            // Keys that may sign now or later, unsealed ahead of time so the switch costs nothing.
            if (k.retiredAt() == null || k.retiredAt().isAfter(now)) {
                signers.add(new Signer(unseal.apply(k), k.activatesAt(), k.retiredAt()));
            }
            statuses.add(new KeyStatus(k.keyId(), state, k.createdAt(), k.activatesAt(), k.retiredAt(),
                    unpublishAt, cert.getNotAfter().toInstant(), cert.getSubjectX500Principal().getName(), signsUntil));
        }
        // Signing first (validators that take keys[0]), then the next keys to sign, then the most recently retired.
        publishedKeys.sort(Comparator.comparingInt((Published p) -> p.state() == State.SIGNING ? 0
                        : p.state() == State.PENDING ? 1 : 2)
                .thenComparing(p -> p.state() == State.PENDING ? p.key().activatesAt() : Instant.MIN)
                .thenComparing(p -> p.key().retiredAt() == null ? Instant.MAX : p.key().retiredAt(),
                        Comparator.reverseOrder()));
        List<X509Certificate> published = publishedKeys.stream().map(Published::certificate).toList();
        return new Snapshot(unseal.apply(signing), published, List.copyOf(statuses), now, List.copyOf(signers));
    }

    /** Its retirement, or the activation of a key created after it, whichever comes first. */
    private static Instant signsUntil(StoredKey k, List<StoredKey> all) {
        Instant until = k.retiredAt();
        for (StoredKey later : all) {
            if (later.createdAt().isAfter(k.createdAt()) && (until == null || later.activatesAt().isBefore(until))) {
                until = later.activatesAt();
            }
        }
        return until;
    }

    private static State state(StoredKey k, boolean signing, Instant now, Instant signsUntil, Instant unpublishAt) {
        if (signing) return State.SIGNING;
        if (unpublishAt != null && !now.isBefore(unpublishAt)) return State.EXPIRED;
        if (k.activatesAt().isAfter(now) && (signsUntil == null || signsUntil.isAfter(k.activatesAt()))) {
            return State.PENDING;
        }
        return State.PUBLISHED;
    }
}
