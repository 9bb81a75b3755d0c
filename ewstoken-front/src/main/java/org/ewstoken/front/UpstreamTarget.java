package org.ewstoken.front;

import java.net.URI;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.ewstoken.server.http.ServerUrls;

/**
 * Where a client's request goes on the upstream: its path and query on the upstream's origin, except that
 * ewstoken's EWS URL maps to the upstream's EWS path (which may differ in case or place).
 */
final class UpstreamTarget {

    private final URI ews;
    private final String authority;
    private final HttpURI ewsHttpUri;

    UpstreamTarget(URI ews) {
        this.ews = ews;
        this.authority = ews.getHost() + (ews.getPort() == -1 ? "" : ":" + ews.getPort());
        this.ewsHttpUri = HttpURI.build().scheme(ews.getScheme()).host(ews.getHost()).port(ews.getPort())
                .path(ews.getRawPath()).asImmutable();
    }

    URI ews() {
        return ews;
    }

    /** The Host header for a client that sent none. */
    String authority() {
        return authority;
    }

    int port() {
        return ews.getPort() != -1 ? ews.getPort() : "https".equals(ews.getScheme()) ? 443 : 80;
    }

    /** The request target (path and query) to send upstream. */
    String of(Request client) {
        HttpURI in = client.getHttpURI();
        String path = path(in);
        String query = in.getQuery();
        return query == null ? path : path + "?" + query;
    }

    /** The absolute upstream URI, for Jetty's HTTP client (the connection-bound engine). */
    HttpURI uri(Request client) {
        HttpURI in = client.getHttpURI();
        String path = path(in);
        if (in.getQuery() == null && path == ewsHttpUri.getPath()) return ewsHttpUri;
        return HttpURI.build().scheme(ews.getScheme()).host(ews.getHost()).port(ews.getPort()).path(path)
                .query(in.getQuery()).asImmutable();
    }

    private String path(HttpURI in) {
        String path = in.getPath();
        if (path == null || path.isEmpty()) return "/";
        return path.equalsIgnoreCase(ServerUrls.EWS) ? ewsHttpUri.getPath() : path;
    }
}
