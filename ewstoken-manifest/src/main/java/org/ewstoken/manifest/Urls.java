package org.ewstoken.manifest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** URL checks for manifest values. The manifest schema caps URLs at 2048 characters. */
final class Urls {
    static final int MAX_LENGTH = 2048;

    private Urls() {}

    static boolean isAbsoluteHttps(String url) {
        return hasScheme(url, false);
    }

    static boolean isAbsoluteHttpOrHttps(String url) {
        return hasScheme(url, true);
    }

    private static boolean hasScheme(String url, boolean httpToo) {
        if (url == null || url.isEmpty() || url.length() > MAX_LENGTH) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.getHost() != null && (scheme.equals("https") || httpToo && scheme.equals("http"));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
