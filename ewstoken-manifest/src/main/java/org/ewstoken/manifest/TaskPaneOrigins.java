package org.ewstoken.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The web origins an add-in's pages are served from, as a browser names them in {@code Origin}: what a server may
 * answer cross-origin requests of the add-in's task pane for. From an XML manifest every {@code SourceLocation}
 * and {@code AppDomain}; from a unified JSON manifest the Outlook extensions' {@code audienceClaimUrl} and the
 * {@code validDomains}. Values that name no single origin (a wildcard such as {@code *.contoso.com}, no host) are
 * left out: an origin list is an allow-list, and a guess would widen it.
 */
public final class TaskPaneOrigins {

    private final ManifestParser limits;
    private final XmlTreeParser xml = new XmlTreeParser();
    private volatile JsonManifestReader json;

    public TaskPaneOrigins(ManifestParser limits) {
        this.limits = limits;
    }

    /** The origins of a manifest that was accepted when installed (so it is well-formed and within the limits). */
    public Set<String> of(byte[] manifest) throws ManifestException {
        Set<String> origins = new TreeSet<>();
        if (manifest.length > limits.maxBytes()) return origins;
        if (ManifestParser.firstSignificant(manifest) == '{') {
            JsonManifestReader reader = json;
            if (reader == null) json = reader = new JsonManifestReader(limits.maxBytes());
            JsonNode root = reader.parse(manifest);
            for (JsonNode extension : root.path("extensions")) add(origins, extension.path("audienceClaimUrl").asText(""));
            for (JsonNode domain : root.path("validDomains")) add(origins, domain.asText(""));
        } else {
            XmlNode root = xml.parse(manifest);
            collect(root, origins);
        }
        return origins;
    }

    private static void collect(XmlNode node, Set<String> origins) {
        if (node.local().equals("SourceLocation")) add(origins, node.attribute("DefaultValue"));
        if (node.local().equals("AppDomain")) add(origins, node.text());
        for (XmlNode child : node.children()) collect(child, origins);
    }

    private static void add(Set<String> origins, String value) {
        if (value == null) return;
        String v = value.strip();
        // AppDomains and validDomains are often written as bare host names; the manifest schema means https then.
        if (!v.contains("://")) v = "https://" + v;
        origin(v).ifPresent(origins::add);
    }

    /**
     * The origin of an absolute http(s) URL in the form browsers send it: lower-case scheme and host, the port only
     * when it is not the scheme's default ({@code https://addin.contoso.com}, {@code http://127.0.0.1:8080}).
     */
    public static Optional<String> origin(String url) {
        if (url == null || url.length() > Urls.MAX_LENGTH) return Optional.empty();
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (!(scheme.equals("https") || scheme.equals("http")) || host == null || host.contains("*")) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
