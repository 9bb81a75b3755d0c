package org.ewstoken.validation;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether an identity token's {@code amurl} may be fetched. A token can name any URL, and its
 * signature can only be checked with keys from that URL, so trusting the wrong one means trusting
 * whoever runs it: never trust an arbitrary {@code amurl}.
 *
 * <p>Whatever the policy, the URL must also be https (unless the {@link MetadataClient} allows http).
 */
@FunctionalInterface
public interface MetadataTrust {

    /** Exchange's path of the metadata document. */
    String METADATA_PATH = "/autodiscover/metadata/json/1";

    boolean trusts(URI metadataUrl);

    /** Trusts nothing: the default of a validator, which then refuses every token until told whom to trust. */
    static MetadataTrust none() {
        return url -> false;
    }

    /**
     * Exactly these URLs. An explicit default port matches an implicit one
     * ({@code https://mail.contoso.com:443/…} is {@code https://mail.contoso.com/…}), as Exchange writes the port.
     */
    static MetadataTrust urls(String... urls) {
        Set<String> trusted = Arrays.stream(urls).map(u -> canonical(URI.create(u)))
                .collect(Collectors.toUnmodifiableSet());
        return url -> url.getRawUserInfo() == null && url.getRawFragment() == null && trusted.contains(canonical(url));
    }

    /**
     * Exchange's metadata path ({@value #METADATA_PATH}, no query) on one of these hosts: {@code "mail.contoso.com"}
     * (the scheme's default port) or {@code "mail.contoso.com:8443"}; host names ignore case.
     */
    static MetadataTrust hosts(String... hosts) {
        Set<String> trusted = Arrays.stream(hosts).map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return url -> {
            if (url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null
                    || url.getRawUserInfo() != null || !METADATA_PATH.equalsIgnoreCase(url.getPath())) {
                return false;
            }
            String host = url.getHost().toLowerCase(Locale.ROOT);
            int port = port(url);
            return trusted.contains(host + ":" + port) || (port == defaultPort(url) && trusted.contains(host));
        };
    }

    /**
     * Exchange's metadata path on the host (and port) of a URL learnt elsewhere, typically the EWS URL that
     * Autodiscover gave for the user's address: the documented "amurl matches the user's Autodiscover domain".
     */
    static MetadataTrust sameHostAs(URI serviceUrl) {
        Objects.requireNonNull(serviceUrl, "serviceUrl");
        if (serviceUrl.getHost() == null) throw new IllegalArgumentException("serviceUrl has no host");
        String host = serviceUrl.getHost() + ":" + port(serviceUrl);
        return hosts(host);
    }

    /** Trusts what either policy trusts. */
    default MetadataTrust or(MetadataTrust other) {
        Objects.requireNonNull(other, "other");
        return url -> trusts(url) || other.trusts(url);
    }

    private static String canonical(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port(url) + url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : defaultPort(url);
    }

    private static int defaultPort(URI url) {
        return "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    }
}
