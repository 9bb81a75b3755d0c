package org.ewstoken.server.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ewstoken.store.AccountName;
import org.ewstoken.store.User;

/**
 * HTTP Basic authentication against the user store.
 *
 * <p>Argon2id is deliberately slow, so like IIS's credential cache a successful verification is
 * remembered for a short time, keyed by an HMAC (under a per-process random key) of the user, the
 * password and the stored hash: the password itself is never kept, and a password change or a
 * removed user misses the cache at once because the stored hash is part of the key.
 */
public final class BasicAuthenticator {

    private static final int MAX_CACHED = 10_000;

    private final Function<String, Optional<User>> users;
    private final PasswordHasher hasher;
    private final long cacheNanos;
    private final LongSupplier nanoClock;
    private final SecretKeySpec cacheKey;
    private final ConcurrentHashMap<String, Long> verified = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** @param users finds a user by SMTP address (typically a cache in front of the store) */
    public BasicAuthenticator(Function<String, Optional<User>> users, PasswordHasher hasher, Duration cacheFor,
                              LongSupplier nanoClock) {
        this.users = users;
        this.hasher = hasher;
        this.cacheNanos = cacheFor.toNanos();
        this.nanoClock = nanoClock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    public BasicAuthenticator(Function<String, Optional<User>> users, PasswordHasher hasher) {
        this(users, hasher, Duration.ofMinutes(5), System::nanoTime);
    }

    /**
     * The user the Authorization header proves, or empty. Unknown user, wrong password and a
     * malformed header are indistinguishable to the caller. A user name that can never be a mailbox
     * ({@link AccountName}) is refused before any password work.
     */
    public Optional<User> authenticate(String authorizationHeader) {
        Optional<Credentials> credentials = Credentials.parse(authorizationHeader);
        if (credentials.isEmpty()) return Optional.empty();
        Credentials c = credentials.get();
        try {
            Optional<User> user = users.apply(c.user().value());
            if (user.isEmpty()) {
                hasher.verifyDecoy(c.password());
                return Optional.empty();
            }
            String cacheEntry = cacheKey(c, user.get().passwordHash());
            long now = nanoClock.getAsLong();
            Long until = verified.get(cacheEntry);
            if (until != null && now - until < 0) return user;
            if (!verifyOnce(cacheEntry, c.password(), user.get().passwordHash())) return Optional.empty();
            remember(cacheEntry, now + cacheNanos);
            return user;
        } finally {
            c.wipe();
        }
    }

    /**
     * Many requests with the same new credentials (a client opening its connections) wait for one
     * Argon2 verification instead of each running their own.
     */
    private boolean verifyOnce(String cacheEntry, char[] password, String storedHash) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.putIfAbsent(cacheEntry, mine);
        if (running != null) return running.join();
        try {
            boolean ok = hasher.verify(password, storedHash);
            mine.complete(ok);
            return ok;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(cacheEntry, mine);
        }
    }

    /** Forgets every remembered verification (e.g. after a lockout). */
    public void forgetAll() {
        verified.clear();
    }

    /** Forgets the remembered verifications of one user (its account was locked after failed sign-ins). */
    public void forget(AccountName user) {
        String prefix = user.value() + '\0';
        verified.keySet().removeIf(entry -> entry.startsWith(prefix));
    }

    private void remember(String entry, long until) {
        if (verified.size() >= MAX_CACHED) {
            long now = nanoClock.getAsLong();
            verified.values().removeIf(t -> now - t >= 0);
            if (verified.size() >= MAX_CACHED) verified.clear();
        }
        verified.put(entry, until);
    }

    private String cacheKey(Credentials c, String storedHash) {
        Mac mac = macs.get();
        mac.update(c.user().value().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(c.password()));
        mac.update(pw);
        Arrays.fill(pw.array(), (byte) 0);
        mac.update((byte) 0);
        mac.update(storedHash.getBytes(StandardCharsets.UTF_8));
        // The user in clear as a prefix lets forget(user) find its entries; the MAC hides the rest.
        return c.user().value() + '\0' + Base64.getEncoder().encodeToString(mac.doFinal());
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * user:password from a Basic Authorization header; the password is a wipeable char array. The user
     * is already canonical: a header whose user can never be a mailbox parses to nothing.
     */
    record Credentials(AccountName user, char[] password) {
        static Optional<Credentials> parse(String header) {
            if (header == null || header.length() < 7 || header.length() > 4096
                    || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return Optional.empty();
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(header.substring(6).trim());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(decoded));
                int colon = -1;
                for (int i = chars.position(); i < chars.limit(); i++) {
                    if (chars.get(i) == ':') {
                        colon = i;
                        break;
                    }
                }
                if (colon <= 0) return Optional.empty();
                Optional<AccountName> user = AccountName.parse(chars.subSequence(0, colon).toString());
                if (user.isEmpty()) return Optional.empty();
                char[] password = new char[chars.limit() - colon - 1];
                chars.position(colon + 1);
                chars.get(password);
                Arrays.fill(chars.array(), '\0');
                return Optional.of(new Credentials(user.get(), password));
            } catch (CharacterCodingException e) {
                return Optional.empty();
            } finally {
                Arrays.fill(decoded, (byte) 0);
            }
        }

        void wipe() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }
}
