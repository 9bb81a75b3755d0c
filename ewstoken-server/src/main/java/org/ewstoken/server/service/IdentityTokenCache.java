package org.ewstoken.server.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.User;
import org.ewstoken.tokens.IssuedToken;
import org.ewstoken.tokens.SigningKey;

/**
 * Hands out the same identity token again for the same mailbox, add-in and signing key while most
 * of its lifetime remains, so a client that asks repeatedly costs no RSA signature.
 *
 * <p>Safe because an identity token only says who the user is: it carries no permission. The key
 * holds everything the token depends on (the mailbox and its current password hash, the add-in and
 * its audience, the signing key), so a password change or a key rotation simply misses; uninstall
 * and disable are checked before the cache is asked. Callback tokens are never reused: each one is
 * a bearer credential for the mailbox with its own {@code jti}, and they live only minutes.
 */
public final class IdentityTokenCache {

    private record Key(String smtp, String passwordHash, String addInId, String audience, String keyId) {}

    private final Cache<Key, IssuedToken> cache;
    private final Clock clock;
    private final Duration minimumRemaining;

    /**
     * @param reuseFraction reuse while at least this fraction of the lifetime remains; 0 disables
     *     reuse
     */
    public IdentityTokenCache(Duration lifetime, double reuseFraction, long maximumEntries, Clock clock) {
        this.clock = clock;
        this.minimumRemaining = Duration.ofMillis((long) (lifetime.toMillis() * reuseFraction));
        Duration keep = lifetime.minus(minimumRemaining);
        this.cache = reuseFraction <= 0 || keep.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(keep).maximumSize(maximumEntries).build();
    }

    public IssuedToken get(User user, AddIn addIn, SigningKey key, Supplier<IssuedToken> mint) {
        if (cache == null) return mint.get();
        Key k = key(user, addIn, key);
        IssuedToken cached = reusable(k);
        if (cached != null) return cached;
        IssuedToken fresh = mint.get();
        cache.put(k, fresh);
        return fresh;
    }

    /** Whether {@link #get} would hand out a remembered token now, without minting. */
    public boolean holds(User user, AddIn addIn, SigningKey key) {
        return cache != null && reusable(key(user, addIn, key)) != null;
    }

    private IssuedToken reusable(Key k) {
        IssuedToken cached = cache.getIfPresent(k);
        return cached != null && !cached.expiresAt().isBefore(clock.instant().plus(minimumRemaining)) ? cached : null;
    }

    private static Key key(User user, AddIn addIn, SigningKey key) {
        return new Key(user.smtpAddress(), user.passwordHash(), addIn.id(), addIn.audienceUrl(), key.keyId());
    }

    /** Drops every remembered token (e.g. after a key is retired early). */
    public void clear() {
        if (cache != null) cache.invalidateAll();
    }
}
