package org.ewstoken.server.console;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Defence in depth beside the CSRF token and {@code SameSite=Strict}: a request that changes something must not come
 * from another site, as the browser says. {@code Sec-Fetch-Site} is the browser's own verdict ({@code same-origin}
 * only); without it (older browsers), an {@code Origin} must be this server's own origin as the request names it
 * (scheme, host and port; behind a trusted proxy, as the proxy forwards them). Clients that send neither (curl, scripts
 * with an API key) are not browsers and are not refused here.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    /** Why the request is cross-site, or null. */
    static String crossSite(Request request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null) {
            return site.strip().equalsIgnoreCase("same-origin") ? null : "the browser says it comes from another site";
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) return null;
        return origin.strip().toLowerCase(Locale.ROOT).equals(own(request)) ? null : "its Origin is another site";
    }

    private static String own(Request request) {
        String scheme = request.isSecure() ? "https" : "http";
        int port = Request.getServerPort(request);
        boolean defaultPort = port <= 0 || (scheme.equals("https") ? port == 443 : port == 80);
        String host = Request.getServerName(request);
        if (host != null && host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
        return (scheme + "://" + host + (defaultPort ? "" : ":" + port)).toLowerCase(Locale.ROOT);
    }
}
