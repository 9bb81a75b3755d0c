package org.ewstoken.server.cli;

import org.ewstoken.server.admin.MailAddress;

/** Input checks for what administrators type. */
final class Addresses {

    private Addresses() {
    }

    /** The canonical account name of what was typed, or a failure saying why not (the rule: {@link MailAddress}). */
    static String smtp(String text) {
        return MailAddress.canonical(text);
    }
}
