package org.ewstoken.validation;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Callers needing the same URL at once share one fetch (no thundering herd when a busy server's cached
 * document expires): the first caller fetches, the others wait, at most {@code wait}, for its result.
 */
final class SharedFetch<V> {

    private final ConcurrentHashMap<URI, CompletableFuture<V>> inflight = new ConcurrentHashMap<>();
    private final Duration wait;

    SharedFetch(Duration wait) {
        this.wait = wait;
    }

    V run(URI url, Supplier<V> fetch) throws MetadataUnavailableException {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inflight.putIfAbsent(url, mine);
        if (running != null) return await(running, url);
        try {
            V result = fetch.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(url, mine);
        }
    }

    private V await(CompletableFuture<V> running, URI url) throws MetadataUnavailableException {
        try {
            return running.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataUnavailableException("interrupted while waiting for the metadata document at "
                    + Texts.quote(url.toString()), e);
        } catch (TimeoutException e) {
            throw new MetadataUnavailableException("gave up waiting for another thread's fetch of the metadata document at "
                    + Texts.quote(url.toString()));
        } catch (ExecutionException e) {
            throw new MetadataUnavailableException("fetching the metadata document at " + Texts.quote(url.toString())
                    + " failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }
}
