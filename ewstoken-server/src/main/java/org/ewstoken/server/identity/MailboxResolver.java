package org.ewstoken.server.identity;

import org.ewstoken.store.User;

/** Maps a signed-in {@link Identity} to the mailbox it acts as. */
public interface MailboxResolver {

    Resolution resolve(Identity identity);

    sealed interface Resolution permits Mailbox, NoMailbox {}

    record Mailbox(User user) implements Resolution {}

    /**
     * Signed in, but no mailbox can be given (an address taken by another mailbox, say): 403.
     *
     * @param reason for the caller and the log; names no secret
     */
    record NoMailbox(String reason) implements Resolution {}
}
