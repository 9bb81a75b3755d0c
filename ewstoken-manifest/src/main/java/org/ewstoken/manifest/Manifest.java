package org.ewstoken.manifest;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the server needs to know about an Outlook add-in, read from its manifest. The manifest's bytes are
 * not part of it: whoever parsed them still has them.
 *
 * @param format                 XML or JSON
 * @param schemaVersion          the manifest schema: 1.0 or 1.1 for XML (from the OfficeApp namespace), the
 *                               {@code manifestVersion} for JSON
 * @param id                     the add-in id, a GUID in lower case
 * @param version                the add-in's own version; a higher one upgrades an installed add-in
 * @param providerName           who publishes it
 * @param defaultLocale          the locale of the default values, e.g. {@code en-US}
 * @param displayName            its name, with per-locale overrides
 * @param description            its description, with overrides; may be empty
 * @param permission             what it may do with the mailbox
 * @param audienceUrl            the identity token's {@code aud}: for XML the first SourceLocation under
 *                               FormSettings for ItemRead or ItemEdit, for JSON the first extension's
 *                               {@code audienceClaimUrl}; an absolute https URL
 * @param iconUrl                null when absent
 * @param highResolutionIconUrl  null when absent
 * @param supportUrl             null when absent
 * @param mailboxRequirement     the lowest Mailbox API requirement set it needs ({@code 1.0} when it names none)
 * @param hasVersionOverrides    whether an XML manifest carries VersionOverrides (add-in commands); false for JSON
 */
public record Manifest(ManifestFormat format, ManifestVersion schemaVersion, String id, ManifestVersion version,
                       String providerName, String defaultLocale, LocalizedString displayName,
                       LocalizedString description, MailboxPermission permission, String audienceUrl,
                       String iconUrl, String highResolutionIconUrl, String supportUrl,
                       ManifestVersion mailboxRequirement, boolean hasVersionOverrides) {

    static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public Manifest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(id, "id");
        if (!GUID.matcher(id).matches()) {
            throw new IllegalArgumentException("id is not a GUID");
        }
        id = id.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(defaultLocale, "defaultLocale");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(audienceUrl, "audienceUrl");
        Objects.requireNonNull(mailboxRequirement, "mailboxRequirement");
    }
}
