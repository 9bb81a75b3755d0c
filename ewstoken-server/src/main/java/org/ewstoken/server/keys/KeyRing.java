package org.ewstoken.server.keys;

import java.security.Provider;
import java.util.function.Supplier;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ewstoken.store.Store;
import org.ewstoken.store.StoredKey;
import org.ewstoken.tokens.MasterKey;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys, as the store holds them: which one signs now, and which certificates the
 * metadata document must publish. The store is the one source of truth, shared by every node:
 *
 * <ul>
 *   <li>A new key is published at once but signs only from its activation time, {@code
 *       prePublication} later, so every node (each re-reads the store every key-refresh-interval)
 *       and every verifier has it before any token it signs appears. Until then the previous key
 *       signs; its retirement time is the new key's activation time.</li>
 *   <li>Which key signs is decided per token against the clock, not per refresh, so all nodes
 *       switch at the same instant (up to their clocks' skew).</li>
 *   <li>A retired key stays published until every token it may have signed has expired.</li>
 *   <li>The first key, and each scheduled rotation, is created through a conditional store
 *       transaction, so when several nodes try at once exactly one key is made.</li>
 * </ul>
 *
 * <p>Private keys are stored sealed under the master key, bound to their key id.
 */
public final class KeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    /**
     * When keys change.
     *
     * @param maxTokenLifetime the longest lifetime of any token the keys sign: how long a retired key
     *     stays published
     * @param prePublication how long a new key is published before it signs, for scheduled rotations
     *     and for callers of {@link #rotate(Duration)} that pass {@link #prePublication()}
     * @param rotationInterval the age of the newest key at which {@link #rotateIfDue()} rotates; zero = never
     */
    public record Policy(Duration maxTokenLifetime, Duration prePublication, Duration rotationInterval) {
        public Policy {
            if (maxTokenLifetime.isNegative() || prePublication.isNegative() || rotationInterval.isNegative()) {
                throw new IllegalArgumentException("key policy durations must not be negative");
            }
        }
    }

    private final Store store;
    private final Supplier<Provider> keyGenerator; // asked when a key is made; null from it: the JDK's
    private final SealedKeys sealed;
    private final Clock clock;
    private final Policy policy;
    private final String subjectCommonName;
    private volatile Snapshot snapshot;

    /** A key that may sign during [activatesAt, retiredAt). */
    public record Signer(SigningKey key, Instant activatesAt, Instant retiredAt) {
        boolean signsAt(Instant now) {
            return !now.isBefore(activatesAt) && (retiredAt == null || now.isBefore(retiredAt));
        }
    }

    /**
     * What the store held at the last refresh; replaced as a whole on every refresh.
     *
     * @param signingKey the key that signed at the time of the refresh
     * @param published every certificate the metadata document lists: the key that signed at the refresh
     *     first (Microsoft's sample validator takes {@code keys[0]}), then pending keys (next to sign first),
     *     then retired keys whose tokens may still be alive (most recently retired first)
     * @param keys every stored key, oldest first
     * @param refreshedAt when the store was read
     * @param signers the keys that sign now or will, unsealed, with their signing periods
     */
    public record Snapshot(SigningKey signingKey, List<X509Certificate> published, List<KeyStatus> keys,
                           Instant refreshedAt, List<Signer> signers) {

        /** The key that signs at {@code now}: of the keys active then, the last activated. */
        public SigningKey signingKeyAt(Instant now) {
            Signer best = null;
            for (Signer s : signers) {
                if (s.signsAt(now) && (best == null || !s.activatesAt().isBefore(best.activatesAt()))) best = s;
            }
            // None active (a snapshot older than a retirement it does not know of): keep the last known.
            return best == null ? signingKey : best.key();
        }

        /**
         * The published certificates with the one that signs at {@code now} first, the others in {@link #published}
         * order: what the metadata document lists, so that a validator taking {@code keys[0]} verifies new tokens
         * from the instant a pre-published key starts signing, without waiting for a refresh.
         */
        public List<X509Certificate> publishedAt(Instant now) {
            X509Certificate signing = signingKeyAt(now).certificate();
            if (published.isEmpty() || published.get(0).equals(signing) || !published.contains(signing)) return published;
            List<X509Certificate> ordered = new ArrayList<>(published.size());
            ordered.add(signing);
            for (X509Certificate c : published) if (!c.equals(signing)) ordered.add(c);
            return List.copyOf(ordered);
        }
    }

    public enum State { SIGNING, PENDING, PUBLISHED, EXPIRED }

    /**
     * One stored key as of a refresh.
     *
     * @param retiredAt when the store says it stops signing (null: until a rotation)
     * @param unpublishedAt when it leaves the metadata document (null: not scheduled)
     * @param signsUntil when it really stops signing: its retirement, or the activation of a key created after it,
     *     whichever comes first (a {@code rotate --now} after a pre-published rotation supersedes a retirement
     *     scheduled later); null while no end is scheduled. At or before {@link #activatesAt}: it never signs.
     */
    public record KeyStatus(String keyId, State state, Instant createdAt, Instant activatesAt, Instant retiredAt,
                            Instant unpublishedAt, Instant certificateNotAfter, String subject, Instant signsUntil) {

        /** True if the key never signs: replaced before its activation. */
        public boolean neverSigns() {
            return signsUntil != null && !signsUntil.isAfter(activatesAt);
        }
    }

    private KeyRing(Store store, MasterKey masterKey, Clock clock, Policy policy, String cn,
                    Supplier<Provider> keyGenerator) {
        this.keyGenerator = keyGenerator;
        this.store = store;
        this.sealed = new SealedKeys(masterKey);
        this.clock = clock;
        this.policy = policy;
        this.subjectCommonName = cn;
    }

    /** Like {@link #open(Store, MasterKey, Clock, Policy, String)} without pre-publication or schedule. */
    public static KeyRing open(Store store, MasterKey masterKey, Clock clock, Duration maxTokenLifetime,
                               String subjectCommonName) {
        return open(store, masterKey, clock, new Policy(maxTokenLifetime, Duration.ZERO, Duration.ZERO),
                subjectCommonName);
    }

    /**
     * Loads the keys, creating the first one (signing at once) if the store has none; of several
     * nodes starting together on an empty store, exactly one creates it.
     */
    public static KeyRing open(Store store, MasterKey masterKey, Clock clock, Policy policy, String subjectCommonName) {
        return open(store, masterKey, clock, policy, subjectCommonName, (Provider) null);
    }

    /** Like {@link #open(Store, MasterKey, Clock, Policy, String)}; new keys are made by {@code keyGenerator} (null: the JDK). */
    public static KeyRing open(Store store, MasterKey masterKey, Clock clock, Policy policy, String subjectCommonName,
                               Provider keyGenerator) {
        return open(store, masterKey, clock, policy, subjectCommonName, () -> keyGenerator);
    }

    /** Like {@link #open(Store, MasterKey, Clock, Policy, String)}; {@code keyGenerator} is asked for a provider only
     *  when a key is made (a server that restarts never waits for its native provider to load). */
    public static KeyRing open(Store store, MasterKey masterKey, Clock clock, Policy policy, String subjectCommonName,
                               Supplier<Provider> keyGenerator) {
        KeyRing ring = new KeyRing(store, masterKey, clock, policy, subjectCommonName, keyGenerator);
        List<StoredKey> keys = store.listKeys();
        if (keys.isEmpty()) {
            ring.createFirstKey();
        } else if (keys.stream().noneMatch(k -> k.retiredAt() == null)) {
            ring.rotate(Duration.ZERO);
        } else {
            ring.refresh();
        }
        return ring;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The ring's clock's now. */
    public Instant now() {
        return clock.instant();
    }

    /** The key that signs now. */
    public SigningKey signingKey() {
        return snapshot.signingKeyAt(clock.instant());
    }

    public Policy policy() {
        return policy;
    }

    /** The configured pre-publication period, for callers of {@link #rotate(Duration)}. */
    public Duration prePublication() {
        return policy.prePublication();
    }

    /** Re-reads the store: picks up rotations made by the CLI or another node. */
    public synchronized Snapshot refresh() {
        Snapshot next = KeyStates.at(store.listKeys(), clock.instant(), policy.maxTokenLifetime(), sealed::unseal);
        snapshot = next;
        return next;
    }

    /** Creates a new key pair and certificate that signs from now on, without pre-publication. */
    public synchronized KeyStatus rotate() {
        return rotate(Duration.ZERO);
    }

    /**
     * Creates a new key pair and certificate, published now, signing {@code prePublication} later.
     * Zero is for emergencies (a compromised key): verifiers that cached the metadata document then
     * reject the new key's tokens until they fetch it again.
     */
    public synchronized KeyStatus rotate(Duration prePublication) {
        return install(SigningKeys.generate(subjectCommonName, CERTIFICATE_VALIDITY, clock, keyGenerator.get()), prePublication);
    }

    /** Makes an organisation's own key and certificate the signing key, {@code prePublication} from now. */
    public synchronized KeyStatus importKey(SigningKey key, Duration prePublication) {
        return install(key, prePublication);
    }

    /** Makes an organisation's own key and certificate the signing key from now on. */
    public synchronized KeyStatus importKey(SigningKey key) {
        return install(key, Duration.ZERO);
    }

    /**
     * Scheduled rotation: if the newest key is older than the rotation interval, creates a new one
     * (with the configured pre-publication), unless another node did so first. Returns the key this
     * call created, if any. Safe to call from every node at any time.
     */
    public synchronized Optional<KeyStatus> rotateIfDue() {
        if (policy.rotationInterval().isZero()) return Optional.empty();
        Instant now = clock.instant();
        Instant newest = snapshot.keys().stream().map(KeyStatus::createdAt).max(Comparator.naturalOrder())
                .orElse(Instant.MIN);
        Instant since = now.minus(policy.rotationInterval());
        if (!newest.isBefore(since)) return Optional.empty(); // due once the newest key is older than the interval
        SigningKey key = SigningKeys.generate(subjectCommonName, CERTIFICATE_VALIDITY, clock, keyGenerator.get());
        boolean rotated = store.rotateKeyUnlessCreatedSince(since, sealed.seal(key, now, policy.prePublication()));
        Snapshot s = refresh();
        if (!rotated) {
            LOG.info("scheduled key rotation was due, but another node rotated first");
            return Optional.empty();
        }
        KeyStatus created = status(s, key.keyId());
        LOG.info("scheduled key rotation: new signing key {} published now, signs from {}", key.keyId(),
                created.activatesAt());
        return Optional.of(created);
    }

    private void createFirstKey() {
        Instant now = clock.instant();
        SigningKey key = SigningKeys.generate(subjectCommonName, CERTIFICATE_VALIDITY, clock, keyGenerator.get());
        // "No key created since the epoch" = the store is empty: only one of several starting nodes wins.
        if (store.rotateKeyUnlessCreatedSince(Instant.EPOCH, sealed.seal(key, now, Duration.ZERO))) {
            sealed.keep(key);
            LOG.info("created the first signing key {}", key.keyId());
        }
        refresh();
    }

    private KeyStatus install(SigningKey key, Duration prePublication) {
        Instant now = clock.instant();
        if (store.listKeys().stream().anyMatch(k -> k.keyId().equals(key.keyId()))) {
            throw new IllegalArgumentException("key " + key.keyId() + " is already in the store");
        }
        store.rotateKey(sealed.seal(key, now, prePublication));
        sealed.keep(key);
        return status(refresh(), key.keyId());
    }

    private static KeyStatus status(Snapshot s, String keyId) {
        return s.keys().stream().filter(k -> k.keyId().equals(keyId)).findFirst().orElseThrow();
    }

    /**
     * Whether {@code masterKey} opens {@code k}: checked before keys sealed elsewhere are imported,
     * so that no installation ends up with keys it cannot use.
     */
    public static boolean opens(MasterKey masterKey, StoredKey k) {
        return SealedKeys.opens(masterKey, k);
    }
}
