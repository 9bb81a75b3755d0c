package org.ewstoken.server.cli;

import java.util.Locale;

/** Input checks for what administrators type. */
final class Addresses {

    private Addresses() {
    }

    /** A plausible SMTP address, lowercased: local@domain, no spaces, one @. */
    static String smtp(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at <= 0 || at != s.lastIndexOf('@') || at == s.length() - 1 || s.length() > 254
                || s.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '<' || c == '>')) {
            throw new Main.CommandFailure("'" + text + "' is not an SMTP address such as alice@contoso.com");
        }
        return s;
    }
}
