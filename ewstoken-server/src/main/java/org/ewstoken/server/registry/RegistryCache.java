package org.ewstoken.server.registry;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.ewstoken.store.AccountName;
import org.ewstoken.store.MailboxAddIn;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;

/**
 * Users and add-ins as the hot path reads them, without a database round trip per request.
 *
 * <p>An entry is used only while the store has made no write since it was read (so a change made
 * through this server applies to the very next request) and for at most {@code ttl} (which bounds
 * how late a change made by another process, such as the CLI or another node, is seen).
 * Absent users and add-ins are cached too, so unknown names cannot force a query each.
 */
public final class RegistryCache {

    private record Entry<T>(Optional<T> value, long version) {}

    private final Store store;
    private final AtomicLong invalidations = new AtomicLong();
    private final Cache<String, Entry<User>> users;
    /** Keyed by add-in id and mailbox: which installation applies, and the user's choice, are per mailbox. */
    private final Cache<String, Entry<MailboxAddIn>> addIns;

    public RegistryCache(Store store, Duration ttl, long maximumEntries) {
        this.store = store;
        this.users = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumEntries).build();
        this.addIns = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumEntries).build();
    }

    /** The user of this account name; a name that can never be a mailbox is answered without a query. */
    public Optional<User> user(String smtpAddress) {
        Optional<AccountName> name = AccountName.parse(smtpAddress);
        if (name.isEmpty()) return Optional.empty();
        return lookup(users, name.get().value(), store::findUser);
    }

    /** The user {@link #user} would give without a query; empty when that needs one, or there is none. */
    public Optional<User> heldUser(String smtpAddress) {
        Optional<AccountName> name = AccountName.parse(smtpAddress);
        if (name.isEmpty()) return Optional.empty();
        Entry<User> e = users.getIfPresent(keyOf(name.get().value()));
        return e != null && e.version() == version() ? e.value() : Optional.empty();
    }

    /** The add-in with this id as the mailbox sees it (its own installation or the organisation's). */
    public Optional<MailboxAddIn> addInFor(String id, String smtpAddress) {
        Optional<AccountName> name = AccountName.parse(smtpAddress);
        return name.isEmpty() ? Optional.empty() : addInForAccount(id, name.get().value());
    }

    /**
     * {@link #addInFor(String, String)} for a stored mailbox, whose address is canonical already: the token path
     * asks this once or twice per TokenRequest, and parsing the address each time was a measurable share.
     */
    public Optional<MailboxAddIn> addInFor(String id, User mailbox) {
        return addInForAccount(id, mailbox.smtpAddress());
    }

    private Optional<MailboxAddIn> addInForAccount(String id, String smtp) {
        String addIn = id.trim().toLowerCase(Locale.ROOT);
        // SMTP addresses hold no spaces, so "smtp id" names one pair; the key is never parsed back.
        return lookup(addIns, smtp + " " + addIn, key -> store.findAddInFor(addIn, smtp));
    }

    /** Whether {@link #addInFor} would answer now, without a query. */
    public boolean holdsAddInFor(String id, String smtpAddress) {
        Optional<AccountName> name = AccountName.parse(smtpAddress);
        return name.isEmpty() || holdsAddInForAccount(id, name.get().value());
    }

    /** {@link #holdsAddInFor(String, String)} for a stored mailbox (no parse). */
    public boolean holdsAddInFor(String id, User mailbox) {
        return holdsAddInForAccount(id, mailbox.smtpAddress());
    }

    private boolean holdsAddInForAccount(String id, String smtp) {
        Entry<MailboxAddIn> e = addIns.getIfPresent(keyOf(smtp + " " + id.trim()));
        return e != null && e.version() == version();
    }

    /**
     * A number that changes whenever what this cache holds may be stale (a write through this store, or
     * {@link #invalidateAll}): for what other parts derive from the registry and keep (the front's CORS origins).
     */
    public long version() {
        return store.changeCount() + invalidations.get();
    }

    /** Forgets everything, e.g. when told by another node that something changed. */
    public void invalidateAll() {
        invalidations.incrementAndGet(); // also makes stale what a lookup in progress is about to put
        users.invalidateAll();
        addIns.invalidateAll();
    }

    private <T> Optional<T> lookup(Cache<String, Entry<T>> cache, String name, Function<String, Optional<T>> load) {
        String key = keyOf(name);
        // Both counters only grow, so their sum changes whenever either does.
        long version = version();
        Entry<T> e = cache.getIfPresent(key);
        if (e == null || e.version() != version) {
            // The version is read before loading: a write that commits meanwhile makes this entry stale.
            e = new Entry<>(load.apply(key), version);
            cache.put(key, e);
        }
        return e.value();
    }

    private static String keyOf(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
