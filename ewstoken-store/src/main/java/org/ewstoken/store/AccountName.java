package org.ewstoken.store;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The one canonical form of a mailbox identifier (its primary SMTP address). Every place that keys
 * anything by an account (sign-in, failed sign-in throttling, the credential cache, per-user budgets,
 * the store, the CLI, the EWS operations, the audit log, directory and Kerberos sign-in) goes through
 * this class, so that two spellings of one mailbox can never be two accounts somewhere and one
 * account elsewhere (which would, for example, give each spelling its own lockout allowance).
 *
 * <p>The rule, in order:
 * <ol>
 *   <li>Refused before anything else: null, longer than {@value #MAX_INPUT_CHARS} characters, or holding
 *       any control character (NUL, tab, CR, LF, DEL, C1), format character (zero-width joiners,
 *       bidirectional overrides, BOM), line or paragraph separator, lone surrogate, private-use or
 *       unassigned code point. These are refused rather than removed: a name that carries them was
 *       not typed by a person, and silently dropping them is how two spellings become one.</li>
 *   <li>Unicode NFKC (compatibility forms fold: full-width letters, ligatures, no-break spaces), then
 *       leading and trailing white space removed, then lower case (locale-independent), then NFKC
 *       again (lower-casing can un-normalise). The domain is kept in Unicode; no IDNA (punycode)
 *       mapping, so {@code xn--} and Unicode spellings of one domain are different accounts.</li>
 *   <li>What remains must look like an unquoted SMTP address: exactly one {@code @}; a non-empty
 *       local part of at most 64 UTF-8 bytes and a non-empty domain; at most {@value #MAX_BYTES} UTF-8
 *       bytes in all; no white space; none of {@code " ( ) , : ; < > [ ] \}; no empty dot-separated
 *       part on either side (no leading, trailing or doubled dot).</li>
 * </ol>
 * A name failing any of these can never be a mailbox, so sign-in refuses it before any password work.
 */
public final class AccountName implements Comparable<AccountName> {

    /** Longer input is refused before it is normalised (NFKC can grow a string), bounding the work. */
    public static final int MAX_INPUT_CHARS = 1024;
    /** RFC 5321's limit on a forward path, less its angle brackets. */
    public static final int MAX_BYTES = 254;
    private static final int MAX_LOCAL_BYTES = 64;
    private static final String SPECIALS = "\"(),:;<>[]\\";

    private final String value;

    private AccountName(String value) {
        this.value = value;
    }

    /**
     * The canonical account name of {@code raw}.
     *
     * @throws IllegalArgumentException if it can never be a mailbox; the message says why and never
     *     repeats the input (it may hold control characters)
     */
    public static AccountName of(String raw) {
        String problem = problem(raw);
        if (problem != null) throw new IllegalArgumentException("not a valid account name (an SMTP address such as "
                + "alice@contoso.com): " + problem);
        return new AccountName(canonicalForm(raw));
    }

    /** The canonical account name of {@code raw}, or empty if it can never be a mailbox. */
    public static Optional<AccountName> parse(String raw) {
        return problem(raw) == null ? Optional.of(new AccountName(canonicalForm(raw))) : Optional.empty();
    }

    /** {@link #of(String)} as a string: what the store keeps and every cache and throttle keys by. */
    public static String canonical(String raw) {
        return of(raw).value;
    }

    /** True if {@code raw} is already in canonical form (e.g. read back from the store). */
    public static boolean isCanonical(String raw) {
        return parse(raw).map(a -> a.value.equals(raw)).orElse(false);
    }

    /** Why {@code raw} can never be a mailbox, or null if it can. */
    public static String problem(String raw) {
        if (raw == null) return "it is missing";
        if (raw.length() > MAX_INPUT_CHARS) return "it is longer than " + MAX_INPUT_CHARS + " characters";
        // Every request's sign-in, throttle and lookups ask this of the same printable-ASCII address: such a
        // string has no character refusedCharacter refuses, and its UTF-8 length is its length.
        boolean ascii = plainAscii(raw);
        String refused = ascii ? null : refusedCharacter(raw);
        if (refused != null) return refused;
        String s = canonicalForm(raw);
        if (s.isEmpty()) return "it is empty";
        int at = s.indexOf('@');
        if (at < 0) return "it has no @";
        if (at != s.lastIndexOf('@')) return "it has more than one @";
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (local.isEmpty()) return "the part before @ is empty";
        if (domain.isEmpty()) return "the part after @ is empty";
        if ((ascii ? local.length() : utf8Length(local)) > MAX_LOCAL_BYTES) {
            return "the part before @ is longer than 64 bytes";
        }
        if ((ascii ? s.length() : utf8Length(s)) > MAX_BYTES) return "it is longer than " + MAX_BYTES + " bytes";
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) return "it contains white space";
            if (SPECIALS.indexOf(cp) >= 0) return "it contains one of \" ( ) , : ; < > [ ] \\";
            i += Character.charCount(cp);
        }
        if (emptyDotPart(local) || emptyDotPart(domain)) return "it has a leading, trailing or doubled dot";
        return null;
    }

    public String value() {
        return value;
    }

    /** The part before the {@code @}. */
    public String localPart() {
        return value.substring(0, value.indexOf('@'));
    }

    /** The part after the {@code @}. */
    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountName other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(AccountName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }

    /** Steps 2 of the rule, on input that passed step 1. */
    private static String canonicalForm(String raw) {
        if (plainAscii(raw)) return raw; // the usual case: already canonical, no normaliser work
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
        return Normalizer.normalize(s, Normalizer.Form.NFKC);
    }

    /** Printable ASCII without capitals or a space at either end: NFKC, strip and lower case change nothing. */
    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || (c >= 'A' && c <= 'Z')) {
                if (c != ' ' || i == 0 || i == s.length() - 1) return false;
            }
        }
        return true;
    }

    private static String refusedCharacter(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            switch (Character.getType(cp)) {
                case Character.CONTROL -> {
                    return cp == 0 ? "it contains a NUL character" : "it contains a control character";
                }
                case Character.FORMAT -> {
                    return "it contains an invisible formatting character";
                }
                case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                    return "it contains a line break";
                }
                case Character.SURROGATE -> {
                    return "it contains a broken (unpaired surrogate) character";
                }
                case Character.PRIVATE_USE, Character.UNASSIGNED -> {
                    return "it contains a private-use or unassigned character";
                }
                default -> { }
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    private static boolean emptyDotPart(String part) {
        return part.startsWith(".") || part.endsWith(".") || part.contains("..");
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
