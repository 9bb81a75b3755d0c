package org.ewstoken.validation;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One fetch of a metadata document, conditional on the copy at hand, and how long its answer may be
 * cached. The caching and the one-fetch-at-a-time rules are {@link MetadataClient}'s.
 */
record MetadataFetcher(CappedHttp http, Clock clock, Duration refetchInterval, Duration maxCacheTime) {

    private static final Duration DEFAULT_CACHE_TIME = Duration.ofHours(1);

    /** What is known of one URL: the last good document (if any) and the last attempt. */
    record Slot(Document document, Instant lastAttempt, String failure, Throwable failureCause) {}

    record Document(Map<String, X509Certificate> keys, String etag, Instant freshUntil) {}

    /** The slot after fetching {@code url}: a failure keeps the document of {@code current}. */
    Slot fetch(URI url, Slot current) {
        Instant now = clock.instant();
        Document old = current == null ? null : current.document();
        try {
            CappedHttp.Response r = http.get(url, old == null ? null : old.etag(), "the metadata document");
            Optional<Duration> freshness = CacheHeaders.freshness(r.headers(), now);
            if (r.status() == 304 && old != null) {
                return new Slot(new Document(old.keys(), old.etag(), now.plus(cacheTime(freshness))), now, null, null);
            }
            if (r.status() != 200) throw new MetadataUnavailableException(statusMessage(url, r));
            Map<String, X509Certificate> keys = MetadataDocuments.signingCertificates(r.body(), url);
            String etag = r.headers().firstValue("ETag").orElse(null);
            return new Slot(new Document(keys, etag, now.plus(cacheTime(freshness))), now, null, null);
        } catch (MetadataUnavailableException e) {
            return new Slot(old, now, e.getMessage(), e.getCause());
        }
    }

    private static String statusMessage(URI url, CappedHttp.Response r) {
        String where = "the metadata document at " + Texts.quote(url.toString());
        if (r.status() >= 300 && r.status() < 400) {
            return where + " answered HTTP " + r.status() + ", a redirect to "
                    + Texts.quote(r.headers().firstValue("Location").orElse(null))
                    + "; redirects are not followed, so the trust placed in the token's amurl holds: trust and use "
                    + "the final URL";
        }
        return where + " answered HTTP " + r.status() + " instead of 200";
    }

    private Duration cacheTime(Optional<Duration> declared) {
        Duration d = declared.orElse(DEFAULT_CACHE_TIME.compareTo(maxCacheTime) < 0 ? DEFAULT_CACHE_TIME : maxCacheTime);
        if (d.compareTo(refetchInterval) < 0) return refetchInterval;
        return d.compareTo(maxCacheTime) > 0 ? maxCacheTime : d;
    }
}
