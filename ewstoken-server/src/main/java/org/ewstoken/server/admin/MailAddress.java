package org.ewstoken.server.admin;

import org.ewstoken.store.AccountName;

/** The one check of what administrators type as a mailbox address, for the CLI and the admin API. */
public final class MailAddress {

    private MailAddress() {
    }

    /** The canonical account name ({@link AccountName}) of what was typed, or a refusal saying why not. */
    public static String canonical(String text) {
        String problem = AccountName.problem(text);
        if (problem != null) {
            // The input is not repeated: it may hold control characters that would garble a terminal.
            throw AdminRefusal.invalid("not an SMTP address such as alice@contoso.com: " + problem);
        }
        return AccountName.canonical(text);
    }
}
