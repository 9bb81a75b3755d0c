package org.ewstoken.front;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The one place where the upstream request's headers are made, for both forwarding engines (the pooled
 * {@link Forwarding} and the connection-bound {@link PinnedProxy}): the exact header set a forwarded request carries
 * to the upstream. From the client's request head and the routing decision:
 * <ul>
 *   <li><b>as the client</b> (its own credentials): the client's headers less the hop-by-hop ones (and those
 *       {@code Connection} names), less the headers that would make the upstream see another client, path or method
 *       than ewstoken saw: client-address headers ({@code X-Real-IP}, {@code True-Client-IP}, ...) and
 *       {@code Forwarded}/{@code X-Forwarded-*} unless {@code trust-forwarded-headers} is on; and, always, IIS's path
 *       overrides ({@code X-Original-URL}, {@code X-Rewrite-URL}) and method overrides;</li>
 *   <li><b>as the service account</b> (an allowed callback-token request, {@link ServiceAccountRequest}): rebuilt, not
 *       filtered. Only {@link #CLIENT_ALLOWED} of the client's headers, then ewstoken's own: the service credential,
 *       {@code X-AnchorMailbox} (the token's mailbox, as Exchange's front end sets it for an impersonated mailbox),
 *       {@code SOAPAction} (the validated operation), and {@code Content-Type}/{@code Content-Length} of the body
 *       ewstoken wrote, with no {@code Content-Encoding}. Cookies, routing hints ({@code X-BackEnd*},
 *       {@code X-PreferServerAffinity}) and anything else the client adds would run with the service account's rights;</li>
 *   <li>either way, ewstoken's own {@code Via}, {@code Forwarded} and {@code X-Forwarded-For/-Proto/-Host}, appended
 *       to a trusted proxy's.</li>
 * </ul>
 * {@code Host} is the upstream's (each engine writes the upstream URL's). How the body is framed
 * ({@code Transfer-Encoding}, {@code Expect}) is the sending engine's business.
 */
final class UpstreamHeaders {

    /** The response headers that stay on the upstream's hop (with those its {@code Connection} names). */
    private static final Set<HttpHeader> RESPONSE_HOP = EnumSet.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_AUTHORIZATION, HttpHeader.PROXY_AUTHENTICATE, HttpHeader.PROXY_CONNECTION,
            HttpHeader.TRANSFER_ENCODING, HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.UPGRADE);

    /** The client's hop: who connected to ewstoken (the socket's peer, not what a proxy says), over what, naming which host. */
    record Hop(String peerAddress, String localAddress, boolean secure, String host) {
        static Hop of(org.eclipse.jetty.server.Request request) {
            // The end point's, not the connection metadata's: behind a trusted proxy those are what the proxy says.
            var socket = request.getConnectionMetaData().getConnection().getEndPoint();
            return new Hop(address(socket.getRemoteSocketAddress()), address(socket.getLocalSocketAddress()),
                    request.isSecure(), request.getHeaders().get(HttpHeader.HOST));
        }

        private static String address(java.net.SocketAddress a) {
            return a instanceof java.net.InetSocketAddress i && i.getAddress() != null
                    ? i.getAddress().getHostAddress() : "unknown";
        }
    }

    /** The client headers a service-account request keeps: content negotiation and request correlation. */
    static final Set<String> CLIENT_ALLOWED = lower("Accept", "Accept-Encoding", "Accept-Language", "User-Agent",
            "client-request-id", "return-client-request-id");

    /** Never forwarded: they belong to one hop (RFC 9110 7.6.1), or they are the credentials of this hop. */
    static final Set<String> HOP_BY_HOP = lower("Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization",
            "Proxy-Authenticate", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "HTTP2-Settings", "Host");

    /** Who the client is and how it came, as a proxy tells it: believed only from a trusted proxy. */
    static final Set<String> FORWARDING = lower("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
            "X-Forwarded-Port", "X-Forwarded-Server", "X-Forwarded-Ssl", "X-Forwarded-Scheme", "X-Forwarded-Prefix",
            "X-Forwarded", "Forwarded-For", "X-Real-IP", "True-Client-IP", "X-Client-IP", "Client-IP",
            "X-Cluster-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP", "X-Original-Forwarded-For", "X-Originating-IP",
            "X-Remote-IP", "X-Remote-Addr", "X-ProxyUser-Ip", "X-Host", "X-Original-Host", "X-Url-Scheme", "Front-End-Https",
            "X-ARR-SSL", "X-ARR-ClientCert");

    /** ewstoken writes these itself, after a trusted proxy's values. */
    private static final Set<String> REWRITTEN = lower("Via", "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host");

    /** Never forwarded: another path or method than the one ewstoken routed (IIS URL Rewrite, ASP.NET overrides). */
    static final Set<String> OVERRIDES = lower("X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override",
            "X-HTTP-Method", "X-Method-Override");

    private final boolean trustForwarded;

    /** @param trustForwarded {@code trust-forwarded-headers}: ewstoken sits behind a proxy whose forwarding headers hold */
    UpstreamHeaders(boolean trustForwarded) {
        this.trustForwarded = trustForwarded;
    }

    /** Whether a response header of the upstream's stays on its hop. */
    static boolean isHopByHop(HttpField field) {
        return field.getHeader() != null && RESPONSE_HOP.contains(field.getHeader());
    }

    /** The headers to send upstream for {@code request}, as the service account if the gate allowed it so. */
    HttpFields.Mutable of(Request request) {
        return of(request.getHeaders(), Hop.of(request), trustForwarded, ServiceAccountRequest.of(request));
    }

    /**
     * @param client         the client's request headers
     * @param hop            the client's hop
     * @param trustForwarded {@code trust-forwarded-headers}: ewstoken sits behind a proxy whose forwarding headers hold
     * @param service        the allowed callback-token request, or null for a request forwarded as the client
     */
    static HttpFields.Mutable of(HttpFields client, Hop hop, boolean trustForwarded, ServiceAccountRequest service) {
        Set<String> named = connectionNamed(client);
        HttpFields.Mutable out = HttpFields.build(client.size() + 8);
        for (HttpField f : client) {
            String name = f.getLowerCaseName();
            boolean keep = service != null ? CLIENT_ALLOWED.contains(name)
                    : !HOP_BY_HOP.contains(name) && !named.contains(name) && !OVERRIDES.contains(name)
                      && !REWRITTEN.contains(name) && (trustForwarded || !FORWARDING.contains(name));
            if (keep) out.add(f);
        }
        if (service != null) {
            out.put(HttpHeader.AUTHORIZATION, service.authorization());
            out.put("X-AnchorMailbox", service.mailbox());
            out.put("SOAPAction", service.soapAction());
            out.put(HttpHeader.CONTENT_TYPE, ServiceAccountRequest.CONTENT_TYPE);
            out.put(HttpHeader.CONTENT_LENGTH, Integer.toString(service.body().length));
        }
        String proto = hop.secure() ? "https" : "http";
        String host = hop.host() == null ? null : hop.host().replace("\\", "").replace("\"", "");
        String forwarded = "by=\"" + hop.localAddress() + "\";for=\"" + hop.peerAddress() + "\""
                + (host == null ? "" : ";host=\"" + host + "\"") + ";proto=" + proto;
        out.put(HttpHeader.VIA, appended(client, "Via", service == null || trustForwarded, "1.1 ewstoken"));
        out.put(HttpHeader.FORWARDED, appended(client, "Forwarded", trustForwarded, forwarded));
        out.put(HttpHeader.X_FORWARDED_FOR, appended(client, "X-Forwarded-For", trustForwarded, hop.peerAddress()));
        String earlierProto = trustForwarded ? client.get("X-Forwarded-Proto") : null;
        out.put(HttpHeader.X_FORWARDED_PROTO, earlierProto != null ? earlierProto : proto);
        String earlierHost = trustForwarded ? client.get("X-Forwarded-Host") : null;
        if (earlierHost != null || host != null) out.put(HttpHeader.X_FORWARDED_HOST, earlierHost != null ? earlierHost : host);
        return out;
    }

    /** ewstoken's own value after the earlier hops' (when they are believed). */
    private static String appended(HttpFields client, String name, boolean believed, String own) {
        String earlier = believed ? joined(client, name) : null;
        return earlier == null ? own : earlier + ", " + own;
    }

    private static String joined(HttpFields client, String name) {
        String v = String.join(", ", client.getValuesList(name));
        return v.isBlank() ? null : v;
    }

    /** The headers a {@code Connection} header names (lower case): hop-by-hop for this hop only. */
    static Set<String> connectionNamed(HttpFields client) {
        Set<String> named = new HashSet<>();
        for (String value : client.getValuesList(HttpHeader.CONNECTION)) {
            for (String token : value.split(",")) {
                String t = token.strip().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) named.add(t);
            }
        }
        return named;
    }

    private static Set<String> lower(String... names) {
        Set<String> s = new HashSet<>();
        for (String n : names) s.add(n.toLowerCase(Locale.ROOT));
        return Set.copyOf(s);
    }
}
