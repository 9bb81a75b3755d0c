package org.ewstoken.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code m:InstallApp}: install an add-in for the caller's mailbox from its manifest. The request's other,
 * marketplace-related elements are read for validity and not kept.
 *
 * @param manifest the decoded {@code m:Manifest}
 */
public record InstallApp(byte[] manifest) implements EwsOperation {
    public static final String NAME = "InstallApp";

    public InstallApp {
        manifest = Objects.requireNonNull(manifest, "manifest").clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] manifest() {
        return manifest.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstallApp other && Arrays.equals(manifest, other.manifest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(manifest);
    }

    @Override
    public String toString() {
        return "InstallApp[" + manifest.length + " bytes]";
    }
}
