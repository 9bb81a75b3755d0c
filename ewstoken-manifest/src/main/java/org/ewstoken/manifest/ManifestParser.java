package org.ewstoken.manifest;

import java.util.Objects;
import org.ewstoken.manifest.ManifestException.Problem;

/**
 * Reads an Outlook add-in manifest from untrusted bytes: XML ({@code OfficeApp xsi:type="MailApp"}, schema 1.0
 * or 1.1) or the unified JSON manifest, told apart by their first significant character. Either the whole
 * manifest is valid and a {@link Manifest} comes back, or a {@link ManifestException} says what is wrong and
 * where. Thread-safe and reusable.
 */
public final class ManifestParser {
    /** Real manifests are a few kilobytes; even large ones with VersionOverrides stay well below this. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private final int maxBytes;
    private final XmlManifestReader xml = new XmlManifestReader();
    /** Made on the first JSON manifest: a Jackson mapper is a tenth of a second that servers start without. */
    private volatile JsonManifestReader json;

    public ManifestParser() {
        this(DEFAULT_MAX_BYTES);
    }

    public ManifestParser(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    private JsonManifestReader json() {
        JsonManifestReader reader = json;
        if (reader == null) json = reader = new JsonManifestReader(maxBytes); // a race makes two; both are right
        return reader;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public Manifest parse(byte[] manifest) throws ManifestException {
        Objects.requireNonNull(manifest, "manifest");
        if (manifest.length > maxBytes) {
            throw new ManifestException(Problem.TOO_LARGE, null, "The manifest is " + manifest.length
                    + " bytes; at most " + maxBytes + " are accepted");
        }
        return switch (firstSignificant(manifest)) {
            case '<' -> xml.read(manifest);
            case '{' -> json().read(manifest);
            case 0 -> throw new ManifestException(Problem.UNKNOWN_FORMAT, null, "The manifest is empty");
            default -> throw new ManifestException(Problem.UNKNOWN_FORMAT, null,
                    "The manifest is neither XML (starting with '<') nor JSON (starting with '{')");
        };
    }

    /**
     * The first byte that is not whitespace, a byte-order mark or the zero half of a UTF-16/32 code unit;
     * 0 if there is none. Good enough to tell '<' from '{' in every encoding XML and JSON allow.
     */
    static int firstSignificant(byte[] b) {
        for (byte x : b) {
            int c = x & 0xFF;
            switch (c) {
                case 0x00, 0xEF, 0xBB, 0xBF, 0xFE, 0xFF, ' ', '\t', '\r', '\n' -> {
                    // skip
                }
                default -> {
                    return c;
                }
            }
        }
        return 0;
    }
}
