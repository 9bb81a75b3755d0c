package org.ewstoken.manifest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.manifest.ManifestException.Problem;

/**
 * Reads an {@code OfficeApp xsi:type="MailApp"} manifest (schema 1.0 or 1.1). Only what the server uses is
 * read; everything else, VersionOverrides included, is tolerated and kept in the original bytes.
 */
final class XmlManifestReader {
    static final String OFFICE_APP_1_0 = "http://schemas.microsoft.com/office/appforoffice/1.0";
    static final String OFFICE_APP_1_1 = "http://schemas.microsoft.com/office/appforoffice/1.1";
    private static final String VERSION_OVERRIDES_PREFIX = "http://schemas.microsoft.com/office/mailappversionoverrides";

    private static final ManifestVersion NO_REQUIREMENT = ManifestVersion.of("1.0");
    /** The schema's default for {@code Sets/@DefaultMinVersion}. */
    private static final ManifestVersion SCHEMA_DEFAULT_MIN_VERSION = ManifestVersion.of("1.1");

    private final XmlTreeParser parser = new XmlTreeParser();

    Manifest read(byte[] xml) throws ManifestException {
        XmlNode root = parser.parse(xml);
        ManifestVersion schema = schemaVersion(root);
        if (!"MailApp".equals(root.xsiType()) || !root.namespace().equals(root.xsiTypeNs())) {
            String type = root.xsiType() == null ? "no xsi:type" : "xsi:type '" + root.xsiType() + "'";
            throw new ManifestException(Problem.NOT_A_MAIL_ADD_IN, root.where(),
                    "OfficeApp has " + type + ", so it is not an Outlook add-in (xsi:type=\"MailApp\")");
        }

        XmlNode idNode = root.child("Id").orElseThrow(() -> new ManifestException(Problem.MISSING_ID, root.where(),
                "The manifest has no Id"));
        String id = idNode.text().strip();
        if (!Manifest.GUID.matcher(id).matches()) {
            throw new ManifestException(Problem.INVALID_ID, idNode.where(),
                    "The Id '" + Text.shorten(id) + "' is not a GUID such as 1c50226d-04b5-4ab2-9fcd-42e236b59e4b");
        }
        XmlNode versionNode = required(root, "Version");
        ManifestVersion version = ManifestVersion.parse(versionNode.text()).orElseThrow(() -> new ManifestException(
                Problem.INVALID_VALUE, versionNode.where(),
                "The Version '" + Text.shorten(versionNode.text().strip()) + "' is not a version such as 1.0.0.0"));
        String provider = required(root, "ProviderName").text().strip();
        String defaultLocale = root.child("DefaultLocale").map(n -> n.text().strip()).orElse("en-US");
        LocalizedString displayName = localized(required(root, "DisplayName"), true);
        LocalizedString description = root.child("Description").isPresent()
                ? localized(root.child("Description").get(), false) : LocalizedString.of("");
        XmlNode permissionNode = required(root, "Permissions");
        String permissionText = permissionNode.text().strip();
        MailboxPermission permission = MailboxPermission.fromWire(permissionText).orElseThrow(() ->
                new ManifestException(Problem.INVALID_VALUE, permissionNode.where(), "Permissions '"
                        + Text.shorten(permissionText) + "' is not Restricted, ReadItem, ReadWriteItem or ReadWriteMailbox"));

        return new Manifest(ManifestFormat.XML, schema, id, version, provider, defaultLocale, displayName, description,
                permission, audience(root), optionalUrl(root, "IconUrl"), optionalUrl(root, "HighResolutionIconUrl"),
                optionalUrl(root, "SupportUrl"), mailboxRequirement(root), hasVersionOverrides(root));
    }

    private static ManifestVersion schemaVersion(XmlNode root) throws ManifestException {
        if (!root.local().equals("OfficeApp")) {
            throw new ManifestException(Problem.NOT_A_MAIL_ADD_IN, root.where(),
                    "The root element is '" + root.local() + "', not OfficeApp");
        }
        return switch (root.namespace()) {
            case OFFICE_APP_1_0 -> ManifestVersion.of("1.0");
            case OFFICE_APP_1_1 -> ManifestVersion.of("1.1");
            default -> throw new ManifestException(Problem.NOT_A_MAIL_ADD_IN, root.where(), "OfficeApp is in namespace '"
                    + Text.shorten(root.namespace()) + "', not " + OFFICE_APP_1_1 + " or " + OFFICE_APP_1_0);
        };
    }

    /** REFERENCE §3: the first SourceLocation under FormSettings for ItemRead or ItemEdit, whichever comes first. */
    private static String audience(XmlNode root) throws ManifestException {
        Optional<XmlNode> settings = root.child("FormSettings");
        if (settings.isEmpty()) {
            throw new ManifestException(Problem.NO_AUDIENCE, root.where(),
                    "The manifest has no FormSettings, so there is no SourceLocation to serve as the identity token's audience");
        }
        for (XmlNode form : settings.get().childrenNamed("Form")) {
            boolean itemForm = ("ItemRead".equals(form.xsiType()) || "ItemEdit".equals(form.xsiType()))
                    && root.namespace().equals(form.xsiTypeNs());
            if (!itemForm) {
                continue;
            }
            Optional<XmlNode> location = form.firstDescendant("SourceLocation");
            if (location.isEmpty()) {
                continue;
            }
            String url = location.get().attribute("DefaultValue");
            if (url == null || !Urls.isAbsoluteHttps(url.strip())) {
                throw new ManifestException(Problem.NO_AUDIENCE, location.get().where(), "The SourceLocation "
                        + (url == null ? "has no DefaultValue" : "'" + Text.shorten(url) + "' is not an absolute https URL")
                        + ", so it cannot be the identity token's audience");
            }
            return url.strip();
        }
        throw new ManifestException(Problem.NO_AUDIENCE, settings.get().where(),
                "FormSettings has no ItemRead or ItemEdit form with a SourceLocation to serve as the identity token's audience");
    }

    /** Requirements/Sets/Set[@Name='Mailbox']: its MinVersion, else the Sets' DefaultMinVersion. */
    private static ManifestVersion mailboxRequirement(XmlNode root) throws ManifestException {
        Optional<XmlNode> sets = root.child("Requirements").flatMap(r -> r.child("Sets"));
        if (sets.isEmpty()) {
            return NO_REQUIREMENT;
        }
        for (XmlNode set : sets.get().childrenNamed("Set")) {
            if (!"Mailbox".equals(set.attribute("Name"))) {
                continue;
            }
            boolean own = set.attribute("MinVersion") != null;
            XmlNode source = own ? set : sets.get();
            String text = own ? set.attribute("MinVersion") : sets.get().attribute("DefaultMinVersion");
            if (text == null) {
                return SCHEMA_DEFAULT_MIN_VERSION;
            }
            return ManifestVersion.parse(text).orElseThrow(() -> new ManifestException(Problem.INVALID_VALUE,
                    source.where(), "The Mailbox requirement version '" + Text.shorten(text)
                            + "' is not a version such as 1.1"));
        }
        return NO_REQUIREMENT;
    }

    private static boolean hasVersionOverrides(XmlNode root) {
        return root.children().stream().anyMatch(c -> c.local().equals("VersionOverrides")
                && c.namespace().startsWith(VERSION_OVERRIDES_PREFIX));
    }

    private static XmlNode required(XmlNode root, String name) throws ManifestException {
        return root.child(name).orElseThrow(() -> new ManifestException(Problem.MISSING_ELEMENT, root.where(),
                "The manifest has no " + name));
    }

    /** {@code DefaultValue} plus {@code <Override Locale=".." Value=".."/>} children. */
    private static LocalizedString localized(XmlNode node, boolean required) throws ManifestException {
        String value = node.attribute("DefaultValue");
        if (value == null || (required && value.isBlank())) {
            throw new ManifestException(Problem.MISSING_ELEMENT, node.where(), node.local() + " has no DefaultValue");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (XmlNode o : node.childrenNamed("Override")) {
            String locale = o.attribute("Locale");
            String text = o.attribute("Value");
            if (locale == null || text == null) {
                throw new ManifestException(Problem.MISSING_ELEMENT, o.where(),
                        node.local() + "/Override needs both Locale and Value");
            }
            overrides.putIfAbsent(locale.strip(), text);
        }
        return new LocalizedString(value, overrides);
    }

    private static String optionalUrl(XmlNode root, String name) throws ManifestException {
        Optional<XmlNode> node = root.child(name);
        if (node.isEmpty() || node.get().attribute("DefaultValue") == null) {
            return null;
        }
        String url = node.get().attribute("DefaultValue").strip();
        if (!Urls.isAbsoluteHttpOrHttps(url)) {
            throw new ManifestException(Problem.INVALID_VALUE, node.get().where(),
                    name + " '" + Text.shorten(url) + "' is not an absolute http(s) URL");
        }
        return url;
    }
}
