package org.ewstoken.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One add-in in a GetAppManifests response: its manifest and, for the {@code t:App} form, its state.
 *
 * @param manifest  the manifest's bytes as installed
 * @param enabled   {@code t:EnabledStatus}: whether it is on for the mailbox
 * @param mandatory {@code t:IsMandatory}: whether the user may turn it off
 */
public record AppManifestEntry(byte[] manifest, boolean enabled, boolean mandatory) {
    public AppManifestEntry {
        manifest = Objects.requireNonNull(manifest, "manifest").clone();
    }

    @Override
    public byte[] manifest() {
        return manifest.clone();
    }

    /** Without copying, for the writer. */
    byte[] bytes() {
        return manifest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppManifestEntry e && Arrays.equals(manifest, e.manifest) && enabled == e.enabled
                && mandatory == e.mandatory;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(manifest), enabled, mandatory);
    }

    @Override
    public String toString() {
        return "AppManifestEntry[" + manifest.length + " bytes, enabled=" + enabled + ", mandatory=" + mandatory + "]";
    }
}
