package org.ewstoken.server.cli;

import org.ewstoken.server.admin.MailAddress;

/** Input checks for what administrators type. */
final class Addresses {

    private Addresses() {
    }

    /** A plausible SMTP address, lowercased: local@domain, no spaces, one @. */
    static String smtp(String text) {
        return MailAddress.canonical(text); // the rule lives with the admin services
    }
}
