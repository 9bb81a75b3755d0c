package org.ewstoken.front;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.ewstoken.store.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mailboxes that earlier versions created under an alias's name: before the front asked the upstream for the
 * primary address, a user signing in by Basic with an alias got a mailbox (and msexchuid) of that name beside the
 * primary one. They are reported, not merged: which of the two ids an add-in back end already keys its data by is
 * the back end's to say, and only the upstream knows which names are aliases, so no store migration can tell.
 * Each is reported once per run, at the first sign-in by that alias (docs/front.md, "gromox").
 */
final class AliasMailboxes {

    private static final Logger LOG = LoggerFactory.getLogger(AliasMailboxes.class);

    private final Function<String, Optional<User>> stored;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    AliasMailboxes(Function<String, Optional<User>> stored) {
        this.stored = stored;
    }

    /** {@code typed} signed in and the upstream named {@code primary}. True when a mailbox of the alias was reported. */
    boolean signedIn(String typed, String primary) {
        String alias = typed.strip().toLowerCase(Locale.ROOT);
        if (alias.equals(primary.strip().toLowerCase(Locale.ROOT)) || !alias.contains("@")) return false;
        if (reported.contains(alias)) return true;
        Optional<User> old = stored.apply(alias);
        if (old.isEmpty()) return false;
        if (reported.add(alias)) {
            LOG.warn("mailbox {} (msexchuid {}) was created under an alias of {} by an earlier version; sign-ins now use "
                    + "{}. Install its add-ins for {} and remove it: ewstoken users remove {}", alias,
                    old.get().exchangeUid(), primary, primary, primary, alias);
        }
        return true;
    }
}
