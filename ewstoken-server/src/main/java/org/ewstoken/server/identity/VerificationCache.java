package org.ewstoken.server.identity;

import org.ewstoken.store.AccountName;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Remembers successful password verifications for a while, like IIS's credential cache, keyed by
 * a {@link KeyedDigest} (never the password), and lets many requests with the same new credentials
 * (a client opening its connections) wait for one verification instead of each running their own.
 *
 * @param <T> what a successful verification yields
 */
public final class VerificationCache<T> {

    private static final int MAX_CACHED = 10_000;

    private record Entry<T>(T value, long until) {}

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Entry<T>> verified = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<T>> inFlight = new ConcurrentHashMap<>();

    public VerificationCache(java.time.Duration ttl, LongSupplier nanoClock) {
        this(ttl.toNanos(), nanoClock);
    }

    VerificationCache(long ttlNanos, LongSupplier nanoClock) {
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
    }

    /** The key of an entry: the account in clear as a prefix lets {@link #forget} find it. */
    public static String key(AccountName account, String digest) {
        return account.value() + '\0' + digest;
    }

    /** The remembered value, if still fresh. */
    public T fresh(String key) {
        Entry<T> e = verified.get(key);
        return e != null && nanoClock.getAsLong() - e.until() < 0 ? e.value() : null;
    }

    /**
     * Runs {@code verify} once for concurrent callers with the same key; a non-null result is
     * remembered. Exceptions reach every waiting caller as they are (an {@link Outage} too).
     */
    public T verifyOnce(String key, Supplier<T> verify) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) throw failure;
                throw e;
            }
        }
        try {
            T result = verify.get();
            if (result != null) remember(key, result);
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * The directory or the upstream could not be asked: carried out of {@link #verifyOnce}'s supplier to the
     * caller and to those waiting with it, who answer it as a temporary failure, never a wrong password.
     */
    public static final class Outage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Outage(Exception cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    public void forget(AccountName account) {
        String prefix = account.value() + '\0';
        verified.keySet().removeIf(k -> k.startsWith(prefix));
    }

    public void forgetAll() {
        verified.clear();
    }

    private void remember(String key, T value) {
        long now = nanoClock.getAsLong();
        if (verified.size() >= MAX_CACHED) {
            verified.values().removeIf(e -> now - e.until() >= 0);
            if (verified.size() >= MAX_CACHED) verified.clear();
        }
        verified.put(key, new Entry<>(value, now + ttlNanos));
    }
}
