package org.ewstoken.server.identity;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ewstoken.store.DuplicateException;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mailboxes in the store, created at a directory user's first sign-in. The {@code msexchuid} is the
 * source's immutable id, so a user renamed in the directory (new address, same object) keeps its
 * mailbox: it is found by that id and moved to the new address.
 */
public final class StoreMailboxes implements MailboxResolver {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMailboxes.class);

    private final Store store;
    private final Function<String, Optional<User>> cached;
    private final Runnable changed;
    private final Clock clock;

    /**
     * @param cached  finds a user by address (a cache in front of the store)
     * @param changed told after this resolver created or renamed a mailbox (empties that cache)
     */
    public StoreMailboxes(Store store, Function<String, Optional<User>> cached, Runnable changed, Clock clock) {
        this.store = store;
        this.cached = cached;
        this.changed = changed;
        this.clock = clock;
    }

    @Override
    public Resolution resolve(Identity identity) {
        if (identity.stored().isPresent()) return new Mailbox(identity.stored().get());
        Optional<User> byAddress = cached.apply(identity.smtpAddress());
        UUID id = identity.immutableId().orElseGet(() -> nameBased(identity));
        if (byAddress.isPresent()) {
            // A source without ids of its own (a realm rule) names the address, and so the mailbox at it.
            if (identity.immutableId().isEmpty() || byAddress.get().exchangeUid().equals(id)) {
                return new Mailbox(byAddress.get());
            }
            LOG.warn("{} signed in as {}, whose mailbox belongs to another object (msexchuid {}); refused",
                    identity.method(), identity.smtpAddress(), byAddress.get().exchangeUid());
            return new NoMailbox("the address " + identity.smtpAddress() + " belongs to another mailbox");
        }
        try {
            Optional<User> byId = store.findUserByExchangeUid(id);
            if (byId.isPresent()) {
                store.renameUser(id, identity.smtpAddress(), identity.displayName());
                changed.run();
                LOG.info("mailbox {} renamed from {} to {}", id, byId.get().smtpAddress(), identity.smtpAddress());
                return new Mailbox(store.findUser(identity.smtpAddress()).orElseThrow());
            }
            User created = User.external(identity.smtpAddress(), identity.displayName(), id, clock.instant());
            store.addUser(created);
            changed.run();
            LOG.info("mailbox {} created at first sign-in ({}), msexchuid {}", created.smtpAddress(),
                    identity.method(), id);
            return new Mailbox(created);
        } catch (DuplicateException e) {
            // Another node (or request) created or renamed it meanwhile: take what is there now.
            Optional<User> now = store.findUser(identity.smtpAddress());
            if (now.isPresent() && now.get().exchangeUid().equals(id)) return new Mailbox(now.get());
            return new NoMailbox("the address " + identity.smtpAddress() + " belongs to another mailbox");
        }
    }

    /** Sources without a UUID of their own (a Kerberos realm rule) get a stable one from their name. */
    private static UUID nameBased(Identity identity) {
        return UUID.nameUUIDFromBytes(("ewstoken:" + identity.method() + ":" + identity.smtpAddress())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
