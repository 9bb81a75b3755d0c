package org.ewstoken.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer with XML escaping. Escaping is total: any Java string becomes well-formed
 * XML 1.0 content. Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE,
 * U+FFFF) become U+FFFD, so the damage stays visible instead of silently vanishing. Not thread-safe.
 */
final class XmlBuffer {
    private static final byte[] AMP = ascii("&amp;");
    private static final byte[] LT = ascii("&lt;");
    private static final byte[] GT = ascii("&gt;");
    private static final byte[] QUOT = ascii("&quot;");
    private static final byte[] TAB_REF = ascii("&#x9;");
    private static final byte[] LF_REF = ascii("&#xA;");
    private static final byte[] CR_REF = ascii("&#xD;");
    private static final char REPLACEMENT = '\uFFFD';

    private byte[] bytes;
    private int length;

    XmlBuffer(int capacity) {
        bytes = new byte[Math.max(capacity, 64)];
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends pre-encoded markup verbatim. */
    XmlBuffer raw(byte[] markup) {
        ensure(markup.length);
        System.arraycopy(markup, 0, bytes, length, markup.length);
        length += markup.length;
        return this;
    }

    XmlBuffer number(long value) {
        if (value < 0) {
            return raw(ascii(Long.toString(value))); // never on the protocol's paths; kept correct anyway
        }
        ensure(19);
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
        return this;
    }

    /** Appends element content. A CR is escaped so that line-end normalisation cannot eat it. */
    XmlBuffer text(String s) {
        return escaped(s, false);
    }

    /** Appends a double-quoted attribute value; tabs and line ends are escaped so normalisation keeps them. */
    XmlBuffer attribute(String s) {
        return escaped(s, true);
    }

    /** Printable ASCII with nothing to escape in text or in a double-quoted attribute. */
    private static boolean plain(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '&' || c == '<' || c == '>' || c == '"') return false;
        }
        return true;
    }

    /**
     * One bulk copy of a string known to be ASCII (the low byte of each char is the char). Ten tokens of a kilobyte
     * each are most of a response; the JDK copies a compact string's bytes as an array copy, which runs at full speed
     * even before the JIT has compiled this class (a loaded machine's compiler queue delayed it by seconds).
     */
    @SuppressWarnings("deprecation") // the one String method that copies chars' low bytes into an array
    private void copyAscii(String s, int n) {
        s.getBytes(0, n, bytes, length);
        length += n;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private XmlBuffer escaped(String s, boolean attribute) {
        int n = s.length();
        ensure(n); // exact for the common ASCII case; ensure() grows further as needed
        if (plain(s, n)) { // tokens, ids, codes: copied as they are, not character by character
            copyAscii(s, n);
            return this;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '&' -> raw(AMP);
                    case '<' -> raw(LT);
                    case '>' -> raw(GT); // always, so "]]>" can never appear
                    case '"' -> {
                        if (attribute) {
                            raw(QUOT);
                        } else {
                            append(c);
                        }
                    }
                    case '\t' -> {
                        if (attribute) {
                            raw(TAB_REF);
                        } else {
                            append(c);
                        }
                    }
                    case '\n' -> {
                        if (attribute) {
                            raw(LF_REF);
                        } else {
                            append(c);
                        }
                    }
                    case '\r' -> raw(CR_REF);
                    default -> append(c < 0x20 ? REPLACEMENT : c); // C0 controls other than TAB, LF, CR are not XML 1.0
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                appendCodePoint(Character.toCodePoint(c, s.charAt(++i)));
            } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                appendCodePoint(REPLACEMENT);
            } else {
                appendCodePoint(c);
            }
        }
        return this;
    }

    private void append(char ascii) {
        if (ascii >= 0x80) {
            appendCodePoint(ascii);
            return;
        }
        ensure(1);
        bytes[length++] = (byte) ascii;
    }

    private void appendCodePoint(int cp) {
        ensure(4);
        if (cp < 0x80) {
            bytes[length++] = (byte) cp;
        } else if (cp < 0x800) {
            bytes[length++] = (byte) (0xC0 | cp >> 6);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            bytes[length++] = (byte) (0xE0 | cp >> 12);
            bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        } else {
            bytes[length++] = (byte) (0xF0 | cp >> 18);
            bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        }
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
