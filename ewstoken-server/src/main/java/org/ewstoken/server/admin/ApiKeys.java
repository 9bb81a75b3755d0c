package org.ewstoken.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ewstoken.store.AdminStore;
import org.ewstoken.store.ApiKey;
import org.ewstoken.store.DuplicateException;

/**
 * API keys for scripts that call the admin API ({@code Authorization: Bearer ewsk_<id>_<secret>}). A key
 * is shown once, when made; the store keeps only a SHA-256 hash of its secret. A fast hash is enough
 * here, unlike for passwords: the secret is 256 random bits, so there is nothing to guess. A key carries
 * its owner's rights only while the owner is an administrator.
 */
public record ApiKeys(AdminStore store, AdminEvents events, Clock clock) {

    static final String PREFIX = "ewsk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key: its record, and the secret to hand over once. */
    public record Created(ApiKey key, String token) {
        @Override
        public String toString() {
            return "Created[" + key + "]";
        }
    }

    public ApiKeys {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(clock, "clock");
    }

    public Created create(Actor actor, String owner, String name) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100) throw AdminRefusal.invalid("an API key needs a name of 1 to 100 characters");
        String smtp = MailAddress.canonical(owner);
        if (!store.isAdmin(smtp)) {
            throw AdminRefusal.conflict("API keys belong to users with the admin role, and " + smtp + " has none"
                    + " (an administrator grants it: ewstoken users grant-admin " + smtp + ")");
        }
        String id = random(9);
        String secret = random(32);
        ApiKey key = new ApiKey(id, label, smtp, hash(secret), clock.instant());
        try {
            store.addApiKey(key);
        } catch (DuplicateException e) {
            throw AdminRefusal.conflict("try again");
        }
        events.record(actor, "apikey.create", id, label + " for " + smtp);
        return new Created(key, PREFIX + id + "_" + secret);
    }

    public List<ApiKey> list() {
        return store.apiKeys();
    }

    public void remove(Actor actor, String id) {
        if (!store.removeApiKey(id)) throw AdminRefusal.notFound("no API key " + id);
        events.record(actor, "apikey.remove", id, "");
    }

    /** The administrator a presented key stands for, or empty (unknown, wrong secret, owner no longer admin). */
    public Optional<String> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 200) return Optional.empty();
        String rest = token.substring(PREFIX.length());
        int sep = rest.indexOf('_');
        if (sep <= 0) return Optional.empty();
        Optional<ApiKey> key = store.findApiKey(rest.substring(0, sep));
        if (key.isEmpty()) return Optional.empty();
        byte[] presented = hash(rest.substring(sep + 1)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, key.get().secretHash().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return store.isAdmin(key.get().ownerSmtp()) ? Optional.of(key.get().ownerSmtp()) : Optional.empty();
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        // base64url without '_' ambiguity: '_' separates id and secret, so map it away
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).replace('_', 'x');
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
