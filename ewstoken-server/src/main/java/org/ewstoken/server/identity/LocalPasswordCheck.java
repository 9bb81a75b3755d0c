package org.ewstoken.server.identity;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.ewstoken.server.auth.PasswordChecksBusyException;
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
 *
 * <p>Argon2 runs (real and decoy) take one of a bounded number of slots: those that can run at once
 * (one per CPU but one) plus a short queue. With none free the check fails at once with
 * {@link PasswordChecksBusyException}, so anonymous sign-ins hold at most that many request threads;
 * a remembered verification takes no slot and never waits.
 */
public final class LocalPasswordCheck implements PasswordCheck {

    private final Function<String, Optional<User>> users;
    private final Function<String, Optional<User>> heldUsers;
    private final PasswordHasher hasher;
    private final KeyedDigest digest;
    private final VerificationCache<User> cache;
    private final Semaphore slots;

    /** @param users finds a user by SMTP address (typically a cache in front of the store) */
    public LocalPasswordCheck(Function<String, Optional<User>> users, PasswordHasher hasher, KeyedDigest digest,
                              Duration cacheFor, LongSupplier nanoClock) {
        this(users, hasher, digest, cacheFor, nanoClock, Integer.MAX_VALUE / 2);
    }

    /** @param queue password checks that may wait for a CPU beyond those running; more are refused as busy */
    public LocalPasswordCheck(Function<String, Optional<User>> users, PasswordHasher hasher, KeyedDigest digest,
                              Duration cacheFor, LongSupplier nanoClock, int queue) {
        this(users, users, hasher, digest, cacheFor, nanoClock, queue);
    }

    /** @param heldUsers finds a user only where that needs no query (the cache's current entry), else empty */
    public LocalPasswordCheck(Function<String, Optional<User>> users, Function<String, Optional<User>> heldUsers,
                              PasswordHasher hasher, KeyedDigest digest, Duration cacheFor, LongSupplier nanoClock,
                              int queue) {
        this.heldUsers = heldUsers;
        this.slots = new Semaphore(PasswordHasher.CONCURRENT + Math.max(0, queue));
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
        String key = keyOf(account, password, user);
        User ok = cache.fresh(key);
        if (ok == null) {
            ok = cache.verifyOnce(key, () -> withSlot(() -> hasher.verify(password, user.passwordHash())) ? user : null);
        }
        return ok == null ? INVALID : new Valid(Identity.local(user, "basic"));
    }

    /** Only a remembered verification of a user held without a query: a decoy, a hash and a query take time. */
    @Override
    public Verdict checkAtOnce(AccountName account, char[] password) {
        Optional<User> found = heldUsers.apply(account.value());
        if (found.isEmpty() || !found.get().hasPassword()) return null;
        User user = found.get();
        return cache.fresh(keyOf(account, password, user)) == null ? null : new Valid(Identity.local(user, "basic"));
    }

    /** The stored hash is bound in: a password change makes every remembered verification miss. */
    private String keyOf(AccountName account, char[] password, User user) {
        return VerificationCache.key(account, digest.digestOf(account.value(), password, user.passwordHash()));
    }

    @Override
    public void forget(AccountName account) {
        cache.forget(account);
    }

    @Override
    public void decoy(char[] password) {
        withSlot(() -> {
            hasher.verifyDecoy(password);
            return false;
        });
    }

    private boolean withSlot(BooleanSupplier argon2) {
        if (!slots.tryAcquire()) throw new PasswordChecksBusyException();
        try {
            return argon2.getAsBoolean();
        } finally {
            slots.release();
        }
    }
}
