package org.ewstoken.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ewstoken.store.Store;
import org.ewstoken.store.StoredKey;
import org.ewstoken.tokens.KeyImportException;
import org.ewstoken.tokens.KeySealException;
import org.ewstoken.tokens.MasterKey;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;

/**
 * The signing keys, as the store holds them: which one signs now, and which certificates the
 * metadata document must publish. A retired key stays published until every token it may have
 * signed has expired, so tokens issued before a rotation keep verifying.
 *
 * <p>Private keys are stored sealed under the master key, bound to their key id.
 */
public final class KeyRing {

    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private final Store store;
    private final MasterKey masterKey;
    private final Clock clock;
    private final Duration maxTokenLifetime;
    private final String subjectCommonName;
    private final Map<String, SigningKey> unsealed = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    /** What is in force right now; replaced as a whole on every refresh. */
    public record Snapshot(SigningKey signingKey, List<X509Certificate> published, List<KeyStatus> keys) {}

    public enum State { SIGNING, PENDING, PUBLISHED, EXPIRED }

    public record KeyStatus(String keyId, State state, Instant createdAt, Instant activatesAt, Instant retiredAt,
                            Instant unpublishedAt, Instant certificateNotAfter, String subject) {}

    private KeyRing(Store store, MasterKey masterKey, Clock clock, Duration maxTokenLifetime, String cn) {
        this.store = store;
        this.masterKey = masterKey;
        this.clock = clock;
        this.maxTokenLifetime = maxTokenLifetime;
        this.subjectCommonName = cn;
    }

    /**
     * Loads the keys, creating the first one if the store has none.
     *
     * @param maxTokenLifetime the longest lifetime of any token the keys sign: how long a retired
     *     key stays published
     */
    public static KeyRing open(Store store, MasterKey masterKey, Clock clock, Duration maxTokenLifetime,
                               String subjectCommonName) {
        KeyRing ring = new KeyRing(store, masterKey, clock, maxTokenLifetime, subjectCommonName);
        if (store.listKeys().stream().noneMatch(k -> k.retiredAt() == null)) {
            ring.rotate();
        } else {
            ring.refresh();
        }
        return ring;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public SigningKey signingKey() {
        return snapshot.signingKey();
    }

    /** Re-reads the store: picks up rotations made by the CLI or another node. */
    public synchronized Snapshot refresh() {
        Instant now = clock.instant();
        List<StoredKey> stored = new ArrayList<>(store.listKeys());
        stored.sort(Comparator.comparing(StoredKey::createdAt));
        StoredKey signing = null;
        List<KeyStatus> statuses = new ArrayList<>();
        List<X509Certificate> published = new ArrayList<>();
        for (StoredKey k : stored) {
            X509Certificate cert = certificate(k);
            Instant unpublishAt = k.retiredAt() == null ? null : k.retiredAt().plus(maxTokenLifetime);
            State state;
            if (k.retiredAt() != null) {
                state = now.isBefore(unpublishAt) ? State.PUBLISHED : State.EXPIRED;
            } else if (k.activatesAt().isAfter(now)) {
                state = State.PENDING;
            } else {
                state = State.SIGNING;
                if (signing == null || !k.activatesAt().isBefore(signing.activatesAt())) signing = k;
            }
            if (state != State.EXPIRED) published.add(cert);
            statuses.add(new KeyStatus(k.keyId(), state, k.createdAt(), k.activatesAt(), k.retiredAt(),
                    unpublishAt, cert.getNotAfter().toInstant(), cert.getSubjectX500Principal().getName()));
        }
        if (signing == null) {
            throw new IllegalStateException("the store holds no signing key that is active now");
        }
        // Several unretired active keys can only come from a race between first starts: the newest signs.
        final String signingId = signing.keyId();
        statuses.replaceAll(s -> s.state() == State.SIGNING && !s.keyId().equals(signingId)
                ? new KeyStatus(s.keyId(), State.PUBLISHED, s.createdAt(), s.activatesAt(), s.retiredAt(),
                        s.unpublishedAt(), s.certificateNotAfter(), s.subject())
                : s);
        Snapshot next = new Snapshot(unseal(signing), List.copyOf(published), List.copyOf(statuses));
        snapshot = next;
        return next;
    }

    /** Creates a new key pair and certificate, which signs from now on. */
    public synchronized KeyStatus rotate() {
        return install(SigningKeys.generate(subjectCommonName, CERTIFICATE_VALIDITY, clock));
    }

    /** Makes an organisation's own key and certificate the signing key from now on. */
    public synchronized KeyStatus importKey(SigningKey key) {
        return install(key);
    }

    private KeyStatus install(SigningKey key) {
        Instant now = clock.instant();
        byte[] aad = key.keyId().getBytes(StandardCharsets.UTF_8);
        byte[] sealed = masterKey.seal(SigningKeys.encodePrivateKey(key.privateKey()), aad);
        String certificate;
        try {
            certificate = Base64.getEncoder().encodeToString(key.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
        StoredKey stored = new StoredKey(key.keyId(), certificate, Base64.getEncoder().encodeToString(sealed),
                now, now, null);
        if (store.listKeys().stream().anyMatch(k -> k.keyId().equals(key.keyId()))) {
            throw new IllegalArgumentException("key " + key.keyId() + " is already in the store");
        }
        store.rotateKey(stored);
        unsealed.put(key.keyId(), key);
        Snapshot s = refresh();
        return s.keys().stream().filter(k -> k.keyId().equals(key.keyId())).findFirst().orElseThrow();
    }

    private SigningKey unseal(StoredKey k) {
        return unsealed.computeIfAbsent(k.keyId(), id -> {
            try {
                byte[] pkcs8 = masterKey.open(Base64.getDecoder().decode(k.sealedPrivateKeyBase64()),
                        id.getBytes(StandardCharsets.UTF_8));
                return SigningKeys.decode(pkcs8, Base64.getDecoder().decode(k.certificateBase64()));
            } catch (KeySealException e) {
                throw new IllegalStateException("cannot unseal signing key " + id
                        + ": the master key does not match the one the key was stored with");
            } catch (KeyImportException e) {
                throw new IllegalStateException("stored signing key " + id + " is unreadable: " + e.getMessage());
            }
        });
    }

    private static X509Certificate certificate(StoredKey k) {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(
                            Base64.getDecoder().decode(k.certificateBase64())));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("stored certificate of key " + k.keyId() + " is unreadable");
        }
    }

}
