package org.ewstoken.manifest;

import java.util.Arrays;
import java.util.Optional;

/**
 * A dotted version of one to four whole numbers, e.g. {@code 1.0.0.0}: an add-in's {@code Version}, a
 * requirement set's {@code MinVersion} or a manifest schema version. Missing parts count as zero, so
 * {@code 1.1} equals {@code 1.1.0.0}; {@link #toString()} gives the text as written.
 */
public final class ManifestVersion implements Comparable<ManifestVersion> {
    private static final int MAX_PARTS = 4;
    /** Nine digits always fit an int. */
    private static final int MAX_DIGITS = 9;

    private final int[] parts;
    private final String text;

    private ManifestVersion(int[] parts, String text) {
        this.parts = parts;
        this.text = text;
    }

    /** Parses {@code text} (surrounding whitespace ignored); empty if it is not such a version. */
    public static Optional<ManifestVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        String[] pieces = t.split("\\.", -1);
        if (t.isEmpty() || pieces.length > MAX_PARTS) {
            return Optional.empty();
        }
        int[] parts = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (p.isEmpty() || p.length() > MAX_DIGITS || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            parts[i] = Integer.parseInt(p);
        }
        return Optional.of(new ManifestVersion(parts, t));
    }

    /** For constants in code. */
    public static ManifestVersion of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a version: " + text));
    }

    @Override
    public int compareTo(ManifestVersion other) {
        for (int i = 0; i < MAX_PARTS; i++) {
            int c = Integer.compare(part(i), other.part(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    public boolean isNewerThan(ManifestVersion other) {
        return compareTo(other) > 0;
    }

    private int part(int i) {
        return i < parts.length ? parts[i] : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int[] padded = Arrays.copyOf(parts, MAX_PARTS);
        return Arrays.hashCode(padded);
    }

    @Override
    public String toString() {
        return text;
    }
}
