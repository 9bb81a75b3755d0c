package org.ewstoken.manifest;

/** The kinds of manifest this module reads. */
public enum ManifestFormat {
    /** {@code OfficeApp xsi:type="MailApp"}, schema 1.0 or 1.1, with or without VersionOverrides. */
    XML,
    /** The unified manifest for Microsoft 365 ({@code manifest.json}). */
    JSON
}
