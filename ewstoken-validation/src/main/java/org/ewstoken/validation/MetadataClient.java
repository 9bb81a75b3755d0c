package org.ewstoken.validation;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.ewstoken.validation.MetadataFetcher.Document;
import org.ewstoken.validation.MetadataFetcher.Slot;

/**
 * Fetches and caches authentication metadata documents. Thread-safe; share one per process.
 *
 * <ul>
 *   <li>A document is kept as long as its {@code Cache-Control: max-age} (or {@code Expires}) says,
 *       within [{@code refetchInterval}, {@code maxCacheTime}]; one hour when it says nothing. While it
 *       is fresh, finding a key costs a map lookup and no network.</li>
 *   <li>When a token names a key the fresh copy lacks (the issuer rotated its key), the document is
 *       refetched, but at most once per {@code refetchInterval}; so is a document whose last fetch failed.</li>
 *   <li>Concurrent callers needing the same document share one fetch (no thundering herd).</li>
 *   <li>An expired copy is revalidated with {@code If-None-Match}. If the fetch fails, a copy that expired
 *       less than {@code maxStale} ago still serves the keys it has.</li>
 *   <li>HTTPS only unless {@code allowHttp}; redirects are never followed (by the default client), so the
 *       trust placed in a URL is not silently moved to another; the whole response must arrive within
 *       {@code timeout} and be at most {@code maxDocumentBytes}.</li>
 * </ul>
 */
public final class MetadataClient {

    private final MetadataFetcher fetcher;
    private final Clock clock;
    private final boolean allowHttp;
    private final Duration refetchInterval;
    private final Duration maxStale;
    private final int maxDocuments;
    private final Map<URI, Map<String, X509Certificate>> pinned;
    private final ConcurrentHashMap<URI, Slot> slots = new ConcurrentHashMap<>();
    private final SharedFetch<Slot> inflight;

    private MetadataClient(Builder b) {
        HttpClient client = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.inflight = new SharedFetch<>(b.timeout.multipliedBy(2).plusSeconds(1));
        this.fetcher = new MetadataFetcher(new CappedHttp(client, b.timeout, b.maxDocumentBytes), b.clock,
                b.refetchInterval, b.maxCacheTime);
        this.clock = b.clock;
        this.allowHttp = b.allowHttp;
        this.refetchInterval = b.refetchInterval;
        this.maxStale = b.maxStale;
        this.maxDocuments = b.maxDocuments;
        this.pinned = Map.copyOf(b.pinned);
    }

    /** HTTPS only, 5-second timeout, 256 KiB cap, refetch at most every 30 seconds. */
    public static MetadataClient defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The certificate with thumbprint {@code x5t} from the document at {@code metadataUrl}.
     *
     * @throws UntrustedMetadataException if the URL is not https (and http is not allowed) or has user info
     * @throws UnknownKeyException if the document (fetched no longer ago than allowed) lacks the key
     * @throws MetadataUnavailableException if the document cannot be fetched or read
     */
    public X509Certificate certificate(URI metadataUrl, String x5t)
            throws UntrustedMetadataException, UnknownKeyException, MetadataUnavailableException {
        Map<String, X509Certificate> fixed = pinned.get(metadataUrl);
        if (fixed != null) {
            X509Certificate c = fixed.get(x5t);
            if (c == null) {
                throw new UnknownKeyException("the metadata document given for " + Texts.quote(metadataUrl.toString())
                        + " has no key with x5t " + Texts.quote(x5t));
            }
            return c;
        }
        requireFetchable(metadataUrl);
        Instant now = clock.instant();
        Slot slot = slots.get(metadataUrl);
        Document doc = slot == null ? null : slot.document();
        if (doc != null && now.isBefore(doc.freshUntil())) {
            X509Certificate c = doc.keys().get(x5t);
            if (c != null) return c; // the hot path: no lock, no network
            if (recent(slot, now)) throw unknownKey(metadataUrl, x5t, slot);
        } else if (slot != null && slot.failure() != null && recent(slot, now)) {
            return stale(slot, metadataUrl, x5t, now);
        }
        Slot after = refresh(metadataUrl, slot);
        if (after.failure() != null) return stale(after, metadataUrl, x5t, now);
        X509Certificate c = after.document().keys().get(x5t);
        if (c == null) throw unknownKey(metadataUrl, x5t, after);
        return c;
    }

    private void requireFetchable(URI url) throws UntrustedMetadataException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
            throw new UntrustedMetadataException("the metadata URL " + Texts.quote(url.toString()) + " is not https; "
                    + (scheme.equals("http") ? "plain http is refused unless MetadataClient.builder().allowHttp(true) "
                    + "(for development only: anyone on the path could substitute the keys)" : "only https is fetched"));
        }
        if (url.getRawUserInfo() != null || url.getHost() == null) {
            throw new UntrustedMetadataException("the metadata URL " + Texts.quote(url.toString())
                    + " has no host or carries user info");
        }
    }

    private boolean recent(Slot slot, Instant now) {
        return now.isBefore(slot.lastAttempt().plus(refetchInterval));
    }

    /** After a failed fetch: the keys of a copy that has not been expired for too long, else the failure. */
    private X509Certificate stale(Slot slot, URI url, String x5t, Instant now) throws MetadataUnavailableException {
        Document doc = slot.document();
        if (doc != null && now.isBefore(doc.freshUntil().plus(maxStale))) {
            X509Certificate c = doc.keys().get(x5t);
            if (c != null) return c;
        }
        throw new MetadataUnavailableException(slot.failure() + " (attempted at " + slot.lastAttempt()
                + "; the next attempt is made after " + slot.lastAttempt().plus(refetchInterval) + ")",
                slot.failureCause());
    }

    private UnknownKeyException unknownKey(URI url, String x5t, Slot slot) {
        return new UnknownKeyException("the metadata document at " + Texts.quote(url.toString())
                + " (fetched at " + slot.lastAttempt() + ") has no signing certificate with x5t " + Texts.quote(x5t)
                + "; it lists " + slot.document().keys().keySet() + ". It is refetched for an unknown key at most every "
                + refetchInterval + ", next after " + slot.lastAttempt().plus(refetchInterval));
    }

    /** One fetch per URL at a time: the first caller fetches, the others wait for its result. */
    private Slot refresh(URI url, Slot seen) throws MetadataUnavailableException {
        return inflight.run(url, () -> {
            Slot current = slots.get(url);
            if (current != null && current != seen) return current; // another caller refreshed in the meantime
            Slot next = fetcher.fetch(url, current);
            slots.put(url, next);
            evictIfFull();
            return next;
        });
    }

    /** Only trusted URLs get here, so this bound is a second line: forget the least recently fetched. */
    private void evictIfFull() {
        while (slots.size() > maxDocuments) {
            slots.entrySet().stream().min(Comparator.comparing(e -> e.getValue().lastAttempt()))
                    .ifPresent(e -> slots.remove(e.getKey(), e.getValue()));
        }
    }

    /** Settings of a {@link MetadataClient}; every one has a safe default. */
    public static final class Builder {
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private boolean allowHttp;
        private Duration timeout = Duration.ofSeconds(5);
        private int maxDocumentBytes = 256 * 1024;
        private Duration refetchInterval = Duration.ofSeconds(30);
        private Duration maxCacheTime = Duration.ofHours(24);
        private Duration maxStale = Duration.ofHours(1);
        private int maxDocuments = 64;
        private final Map<URI, Map<String, X509Certificate>> pinned = new HashMap<>();

        private Builder() {
        }

        /**
         * Answers {@code metadataUrl} with this document instead of fetching it: for tests (e.g. the project's test
         * vectors) and for servers that cannot reach the issuer and are given its document out of band. The
         * document is read now, with the same rules as a fetched one; whether a token's {@code amurl} may name the
         * URL is still the validator's {@link MetadataTrust} decision.
         *
         * @throws IllegalArgumentException if the document holds no usable signing certificate
         */
        public Builder document(URI metadataUrl, byte[] document) {
            Objects.requireNonNull(metadataUrl, "metadataUrl");
            Objects.requireNonNull(document, "document");
            try {
                pinned.put(metadataUrl, MetadataDocuments.signingCertificates(document, metadataUrl));
            } catch (MetadataUnavailableException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return this;
        }

        /**
         * The HTTP client to fetch with, e.g. one with an {@code SSLContext} trusting a private CA. Give it
         * {@code followRedirects(NEVER)} (the default of {@link HttpClient#newBuilder()}).
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Fetch http:// URLs too. For development and tests only: on plain HTTP anyone on the path can swap the keys. */
        public Builder allowHttp(boolean allow) {
            this.allowHttp = allow;
            return this;
        }

        /** The deadline for the whole response, connection to last byte; default 5 seconds. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** The largest document accepted; default 256 KiB. */
        public Builder maxDocumentBytes(int bytes) {
            if (bytes < 1024) throw new IllegalArgumentException("maxDocumentBytes must be at least 1024");
            this.maxDocumentBytes = bytes;
            return this;
        }

        /**
         * The least time between two fetches of one document for an unknown key or after a failure, and the
         * least time a document is cached whatever its headers say; default 30 seconds.
         */
        public Builder refetchInterval(Duration interval) {
            this.refetchInterval = positive(interval, "refetchInterval");
            return this;
        }

        /** The longest a document is cached whatever its headers say; default 24 hours. */
        public Builder maxCacheTime(Duration max) {
            this.maxCacheTime = positive(max, "maxCacheTime");
            return this;
        }

        /** How long after expiry a cached document still serves its keys while it cannot be refetched; default 1 hour. */
        public Builder maxStale(Duration max) {
            Objects.requireNonNull(max, "maxStale");
            if (max.isNegative()) throw new IllegalArgumentException("maxStale must not be negative");
            this.maxStale = max;
            return this;
        }

        /** How many metadata URLs are cached at once; default 64. */
        public Builder maxDocuments(int max) {
            if (max < 1) throw new IllegalArgumentException("maxDocuments must be at least 1");
            this.maxDocuments = max;
            return this;
        }

        public MetadataClient build() {
            if (maxCacheTime.compareTo(refetchInterval) < 0) {
                throw new IllegalArgumentException("maxCacheTime must not be shorter than refetchInterval");
            }
            return new MetadataClient(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
            return d;
        }
    }
}
