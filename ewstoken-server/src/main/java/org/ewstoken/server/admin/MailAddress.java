package org.ewstoken.server.admin;

import java.util.Locale;

/** The one check of what administrators type as a mailbox address, for the CLI and the admin API. */
public final class MailAddress {

    private MailAddress() {
    }

    /** A plausible SMTP address, lowercased: local@domain, no spaces, one @. */
    public static String canonical(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at <= 0 || at != s.lastIndexOf('@') || at == s.length() - 1 || s.length() > 254
                || s.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '<' || c == '>')) {
            throw AdminRefusal.invalid("'" + text + "' is not an SMTP address such as alice@contoso.com");
        }
        return s;
    }
}
