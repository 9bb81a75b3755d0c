package org.ewstoken.server.identity;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.ewstoken.server.auth.PasswordHasher;
import org.ewstoken.store.AccountName;
import org.ewstoken.store.User;

/**
 * Passwords of users made with {@code ewstoken users add}: Argon2id hashes in the store.
 *
 * <p>Argon2id is deliberately slow, so a successful verification is remembered for a short time,
 * keyed by an HMAC of the user, the password and the stored hash: a password change or a removed
 * user misses the cache at once because the stored hash is part of the key. A mailbox without a
 * local password (made at a directory user's first sign-in) is {@link PasswordCheck.Unknown} here.
 */
public final class LocalPasswordCheck implements PasswordCheck {

    private final Function<String, Optional<User>> users;
    private final PasswordHasher hasher;
    private final KeyedDigest digest;
    private final VerificationCache<User> cache;

    /** @param users finds a user by SMTP address (typically a cache in front of the store) */
    public LocalPasswordCheck(Function<String, Optional<User>> users, PasswordHasher hasher, KeyedDigest digest,
                              Duration cacheFor, LongSupplier nanoClock) {
        this.users = users;
        this.hasher = hasher;
        this.digest = digest;
        this.cache = new VerificationCache<>(cacheFor.toNanos(), nanoClock);
    }

    public LocalPasswordCheck(Function<String, Optional<User>> users, PasswordHasher hasher) {
        this(users, hasher, new KeyedDigest(), Duration.ofMinutes(5), System::nanoTime);
    }

    @Override
    public Verdict check(AccountName account, char[] password) {
        Optional<User> found = users.apply(account.value());
        if (found.isEmpty() || !found.get().hasPassword()) return UNKNOWN;
        User user = found.get();
        String key = VerificationCache.key(account, digest.digestOf(account.value(), password, user.passwordHash()));
        User ok = cache.fresh(key);
        if (ok == null) ok = cache.verifyOnce(key, () -> hasher.verify(password, user.passwordHash()) ? user : null);
        return ok == null ? INVALID : new Valid(Identity.local(user, "basic"));
    }

    @Override
    public void forget(AccountName account) {
        cache.forget(account);
    }

    @Override
    public void decoy(char[] password) {
        hasher.verifyDecoy(password);
    }
}
