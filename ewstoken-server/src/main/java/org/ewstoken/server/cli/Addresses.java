package org.ewstoken.server.cli;

import org.ewstoken.store.AccountName;

/** Input checks for what administrators type. */
final class Addresses {

    private Addresses() {
    }

    /** The canonical account name ({@link AccountName}) of what was typed, or a failure saying why not. */
    static String smtp(String text) {
        String problem = AccountName.problem(text);
        if (problem != null) {
            // The input is not repeated: it may hold control characters that would garble the terminal.
            throw new Main.CommandFailure("not an SMTP address such as alice@contoso.com: " + problem);
        }
        return AccountName.canonical(text);
    }
}
