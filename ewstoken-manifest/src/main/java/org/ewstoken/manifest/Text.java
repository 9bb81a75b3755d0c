package org.ewstoken.manifest;

/** Quoting untrusted values in messages. */
final class Text {
    private static final int MAX_QUOTED = 80;

    private Text() {}

    /** At most {@value #MAX_QUOTED} characters of {@code s}, control characters made visible. */
    static String shorten(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_QUOTED) + 3);
        for (int i = 0; i < s.length() && b.length() < MAX_QUOTED; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (s.length() > MAX_QUOTED) {
            b.append("...");
        }
        return b.toString();
    }
}
