package org.ewstoken.validation;

/** Puts values taken from a token into messages without letting them forge log lines or flood them. */
final class Texts {

    private static final int MAX = 120;

    private Texts() {
    }

    /** {@code 'value'}, with anything but printable ASCII shown as '?', cut at 120 characters. */
    static String quote(String value) {
        if (value == null) return "(none)";
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX) + 5).append('\'');
        for (int i = 0; i < value.length() && i < MAX; i++) {
            char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (value.length() > MAX) sb.append("...");
        return sb.append('\'').toString();
    }
}
