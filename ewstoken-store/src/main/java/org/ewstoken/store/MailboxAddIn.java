package org.ewstoken.store;

import java.util.Objects;

/**
 * An add-in as one mailbox sees it: the installation that applies to the mailbox (its own, or the
 * organisation's) and the choice the mailbox's user made about it, if any.
 *
 * @param addIn  the installation
 * @param choice the user's choice, or null when they made none
 */
public record MailboxAddIn(AddIn addIn, UserChoice choice) {
    public MailboxAddIn {
        Objects.requireNonNull(addIn, "addIn");
    }

    /** Whether the mailbox gets it: the administrator's switch, then mandatory, then the user's choice or the default. */
    public boolean enabled() {
        return addIn.enabledFor(choice);
    }
}
