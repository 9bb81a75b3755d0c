package org.ewstoken.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.ewstoken.manifest.ManifestException.Problem;

/**
 * Reads the unified manifest for Microsoft 365 ({@code manifest.json}) of an add-in with an Outlook ("mail")
 * extension. Parsing is bounded (depth, string and number lengths, document size), duplicate members and
 * trailing content are refused. Locations are JSON pointers, e.g. {@code /extensions/0/audienceClaimUrl}.
 */
final class JsonManifestReader {
    private static final ManifestVersion NO_REQUIREMENT = ManifestVersion.of("1.0");

    private final ObjectMapper mapper;

    JsonManifestReader(int maxBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(64 * 1024)
                        .maxNumberLength(64)
                        .maxNameLength(1024)
                        .maxDocumentLength(maxBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    Manifest read(byte[] json) throws ManifestException {
        JsonNode root = parse(json);
        if (!root.isObject()) {
            throw new ManifestException(Problem.NOT_A_MAIL_ADD_IN, "/", "The JSON manifest is not an object");
        }
        int mail = mailExtension(root);
        JsonNode extension = root.get("extensions").get(mail);
        String extensionAt = "/extensions/" + mail + "/";
        String id = idOf(root);
        ManifestVersion version = version(root, "version", "/version");
        ManifestVersion schema = version(root, "manifestVersion", "/manifestVersion");
        String provider = requiredString(root.path("developer"), "name", "/developer/name");
        String shortName = requiredString(root.path("name"), "short", "/name/short");
        String description = optionalString(root.path("description"), "short", "/description/short");
        String defaultLocale = optionalString(root.path("localizationInfo"), "defaultLanguageTag",
                "/localizationInfo/defaultLanguageTag");
        String audience = audience(extension, extensionAt);
        String supportUrl = optionalString(root.path("developer"), "websiteUrl", "/developer/websiteUrl");
        String icon = optionalString(root.path("icons"), "color", "/icons/color");

        return new Manifest(ManifestFormat.JSON, schema, id, version, provider,
                defaultLocale == null ? "en-US" : defaultLocale, LocalizedString.of(shortName),
                LocalizedString.of(description == null ? "" : description), permission(root), audience,
                // Icons are usually files inside the app package; only an absolute URL means anything here.
                icon != null && Urls.isAbsoluteHttpOrHttps(icon) ? icon : null, null,
                supportUrl != null && Urls.isAbsoluteHttpOrHttps(supportUrl) ? supportUrl : null,
                mailboxRequirement(extension, extensionAt), false);
    }

    JsonNode parse(byte[] json) throws ManifestException {
        try {
            return mapper.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new ManifestException(Problem.LIMIT_EXCEEDED, where(e.getLocation()),
                    "The JSON exceeds a limit: " + limit(e.getOriginalMessage(), json.length));
        } catch (JsonProcessingException e) {
            throw new ManifestException(Problem.NOT_WELL_FORMED, where(e.getLocation()),
                    "The manifest is not well-formed JSON: " + syntax(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does not fail for I/O reasons
        }
    }

    /**
     * The project's words for a Jackson limit: its own message names its configuration classes
     * ({@code StreamReadConstraints.getMaxStringLength()}), which mean nothing to a client and say
     * what library runs here.
     */
    static String limit(String jackson, int documentBytes) {
        String m = jackson == null ? "" : jackson;
        if (m.contains("NestingDepth")) return "it is nested deeper than 64 levels";
        if (m.contains("StringLength")) return "a string is longer than 65536 characters";
        if (m.contains("NumberLength")) return "a number is longer than 64 characters";
        if (m.contains("NameLength")) return "a member name is longer than 1024 characters";
        if (m.contains("DocumentLength")) return "it is larger than allowed (" + documentBytes + " bytes)";
        return "it is too large";
    }

    /**
     * Jackson's syntax message without what names the library: back-quoted settings ({@code
     * JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}) and the advice to enable them; if anything of the
     * kind remains, a plain sentence instead.
     */
    static String syntax(String jackson) {
        String m = jackson == null ? "" : jackson;
        m = m.replaceAll("[:;,]?\\s*(enable|use|disable)?\\s*`[^`]*`( to allow)?", "")
                .replaceAll("\\([^()]*(Feature|Constraints|jackson|fasterxml)[^()]*\\)", "").strip();
        if (m.isEmpty() || m.matches("(?s).*(Feature|Constraints|jackson|Jackson|fasterxml|com\\.|java\\.).*")) {
            return "it is not valid JSON";
        }
        return Text.shorten(m);
    }

    /** The index of the first extension whose requirements name the "mail" scope: the Outlook part of the app. */
    private static int mailExtension(JsonNode root) throws ManifestException {
        JsonNode extensions = root.path("extensions");
        if (!extensions.isArray() || extensions.isEmpty()) {
            throw new ManifestException(Problem.NOT_A_MAIL_ADD_IN, "/extensions",
                    "The JSON manifest has no extensions, so it is not an Outlook add-in");
        }
        for (int i = 0; i < extensions.size(); i++) {
            for (JsonNode scope : extensions.get(i).path("requirements").path("scopes")) {
                if ("mail".equals(scope.asText(null))) {
                    return i;
                }
            }
        }
        throw new ManifestException(Problem.NOT_A_MAIL_ADD_IN, "/extensions",
                "No extension requires the \"mail\" scope, so it is not an Outlook add-in");
    }

    private static String idOf(JsonNode root) throws ManifestException {
        JsonNode id = root.get("id");
        if (id == null || id.isNull()) {
            throw new ManifestException(Problem.MISSING_ID, "/id", "The manifest has no id");
        }
        if (!id.isTextual() || !Manifest.GUID.matcher(id.asText().strip()).matches()) {
            throw new ManifestException(Problem.INVALID_ID, "/id", "The id " + Text.shorten(id.toString())
                    + " is not a GUID string such as \"1c50226d-04b5-4ab2-9fcd-42e236b59e4b\"");
        }
        return id.asText().strip();
    }

    /** The audience of identity tokens: the mail extension's audienceClaimUrl. */
    private static String audience(JsonNode extension, String extensionAt) throws ManifestException {
        String at = extensionAt + "audienceClaimUrl";
        JsonNode url = extension.get("audienceClaimUrl");
        if (url == null || url.isNull()) {
            throw new ManifestException(Problem.NO_AUDIENCE, at,
                    "The Outlook extension has no audienceClaimUrl to serve as the identity token's audience");
        }
        if (!url.isTextual() || !Urls.isAbsoluteHttps(url.asText().strip())) {
            throw new ManifestException(Problem.NO_AUDIENCE, at, "The audienceClaimUrl " + Text.shorten(url.toString())
                    + " is not an absolute https URL");
        }
        return url.asText().strip();
    }

    /** The highest resource-specific Mailbox permission it asks for; Restricted when it asks for none. */
    private static MailboxPermission permission(JsonNode root) throws ManifestException {
        MailboxPermission highest = MailboxPermission.RESTRICTED;
        JsonNode grants = root.path("authorization").path("permissions").path("resourceSpecific");
        int i = 0;
        for (JsonNode grant : grants) {
            String name = grant.path("name").asText("");
            if (name.startsWith("Mailbox")) {
                int index = i;
                MailboxPermission p = MailboxPermission.fromJsonPermission(name).orElseThrow(() -> new ManifestException(
                        Problem.INVALID_VALUE, "/authorization/permissions/resourceSpecific/" + index + "/name",
                        "'" + Text.shorten(name) + "' is not a known Mailbox permission"));
                if (p.atLeast(highest)) {
                    highest = p;
                }
            }
            i++;
        }
        return highest;
    }

    private static ManifestVersion mailboxRequirement(JsonNode extension, String extensionAt)
            throws ManifestException {
        for (JsonNode capability : extension.path("requirements").path("capabilities")) {
            if ("Mailbox".equals(capability.path("name").asText(null))) {
                String min = capability.path("minVersion").asText(null);
                if (min == null) {
                    return NO_REQUIREMENT;
                }
                return ManifestVersion.parse(min).orElseThrow(() -> new ManifestException(Problem.INVALID_VALUE,
                        extensionAt + "requirements/capabilities",
                        "The Mailbox minVersion '" + Text.shorten(min) + "' is not a version such as 1.3"));
            }
        }
        return NO_REQUIREMENT;
    }

    private static ManifestVersion version(JsonNode parent, String member, String at) throws ManifestException {
        String text = requiredString(parent, member, at);
        return ManifestVersion.parse(text).orElseThrow(() -> new ManifestException(Problem.INVALID_VALUE, at,
                "'" + Text.shorten(text) + "' is not a version such as 1.0.0"));
    }

    private static String requiredString(JsonNode parent, String member, String at) throws ManifestException {
        String value = optionalString(parent, member, at);
        if (value == null || value.isBlank()) {
            throw new ManifestException(Problem.MISSING_ELEMENT, at, "The manifest has no " + at.substring(1));
        }
        return value;
    }

    private static String optionalString(JsonNode parent, String member, String at) throws ManifestException {
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ManifestException(Problem.INVALID_VALUE, at, at.substring(1) + " must be a string, not "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return node.asText();
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? null
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
