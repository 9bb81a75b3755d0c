package org.ewstoken.server.addins;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ewstoken.store.AccountName;

/** For whom an add-in is installed, and how. */
public sealed interface InstallTarget {

    /**
     * The whole organisation, by an administrator. An empty option keeps what an installed version had
     * (or, on a first install, the default: optional, on by default, enabled, no scopes).
     *
     * @param mandatory        whether users may not turn it off
     * @param enabledByDefault whether it is on for users who made no choice
     * @param enabled          the administrator's switch
     * @param scopes           what ScopedToken requests it may make
     */
    record Organisation(Optional<Boolean> mandatory, Optional<Boolean> enabledByDefault, Optional<Boolean> enabled,
                        Optional<Set<String>> scopes) implements InstallTarget {
        public Organisation {
            Objects.requireNonNull(mandatory, "mandatory");
            Objects.requireNonNull(enabledByDefault, "enabledByDefault");
            Objects.requireNonNull(enabled, "enabled");
            scopes = scopes.map(Set::copyOf);
        }

        /** Optional, on by default, enabled, no scopes (or, on an upgrade, what was set). */
        public static Organisation defaults() {
            return new Organisation(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** One mailbox, by its user (EWS InstallApp) or by an administrator on the user's behalf. */
    record Mailbox(String smtpAddress) implements InstallTarget {
        public Mailbox {
            smtpAddress = AccountName.canonical(Objects.requireNonNull(smtpAddress, "smtpAddress"));
        }
    }
}
