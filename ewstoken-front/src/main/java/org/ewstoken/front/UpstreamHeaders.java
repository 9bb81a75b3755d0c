package org.ewstoken.front;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The one place where the upstream request's headers are made from the client's, for both forwarding engines
 * (the pooled {@link Forwarding} and the connection-bound {@link PinnedProxy}):
 * <ul>
 *   <li>hop-by-hop headers stay on their hop: {@code Connection} and every header it names, {@code Keep-Alive},
 *       {@code Proxy-Authorization}, {@code Proxy-Authenticate}, {@code Proxy-Connection}, {@code TE},
 *       {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade};</li>
 *   <li>the client's own {@code Forwarded}/{@code X-Forwarded-*} go unless they are trusted (trust-forwarded-headers);</li>
 *   <li>a callback-token request loses the client's {@code Authorization} for the service credential, and its
 *       rewritten body's type and length replace the client's;</li>
 *   <li>{@code Via}, {@code Forwarded} and {@code X-Forwarded-For}/{@code -Proto}/{@code -Host} are added (appended).</li>
 * </ul>
 * Everything else passes unchanged, {@code Host} and the client's {@code Authorization} included. How the body is
 * framed ({@code Content-Length}, {@code Transfer-Encoding}, {@code Expect}) is the sending engine's business.
 */
final class UpstreamHeaders {

    private static final Set<HttpHeader> HOP = EnumSet.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_AUTHORIZATION, HttpHeader.PROXY_AUTHENTICATE, HttpHeader.PROXY_CONNECTION,
            HttpHeader.TRANSFER_ENCODING, HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.UPGRADE);
    private static final Set<HttpHeader> CLIENT_FORWARDING = EnumSet.of(HttpHeader.FORWARDED, HttpHeader.X_FORWARDED_FOR,
            HttpHeader.X_FORWARDED_PROTO, HttpHeader.X_FORWARDED_HOST, HttpHeader.X_FORWARDED_PORT,
            HttpHeader.X_FORWARDED_SERVER);

    private final boolean trustForwarded;
    private final String via;

    UpstreamHeaders(boolean trustForwarded) {
        this.trustForwarded = trustForwarded;
        this.via = "1.1 " + localHostName();
    }

    /** Whether a response header of the upstream's stays on its hop (the same list; {@code Connection} names too). */
    static boolean isHopByHop(HttpField field) {
        return field.getHeader() != null && HOP.contains(field.getHeader());
    }

    /**
     * The headers to send upstream for {@code client}.
     *
     * @param serviceAuthorization the service credential that replaces the client's, or null
     * @param rewritten whether the body sent is the callback gate's rewritten one (UTF-8, its own length)
     */
    HttpFields.Mutable of(Request client, String serviceAuthorization, boolean rewritten) {
        HttpFields in = client.getHeaders();
        Set<String> named = connectionNamed(in);
        HttpFields.Mutable out = HttpFields.build(in.size() + 6);
        for (HttpField f : in) {
            HttpHeader h = f.getHeader();
            if (h != null && HOP.contains(h)) continue;
            if (named != null && named.contains(f.getLowerCaseName())) continue;
            if (!trustForwarded && h != null && CLIENT_FORWARDING.contains(h)) continue;
            out.add(f);
        }
        if (serviceAuthorization != null) out.put(HttpHeader.AUTHORIZATION, serviceAuthorization); // never the Bearer token
        if (rewritten) {
            out.put(HttpHeader.CONTENT_TYPE, "text/xml; charset=utf-8");
            out.remove(HttpHeader.CONTENT_LENGTH);
            out.remove(HttpHeader.EXPECT);
        }
        append(out, HttpHeader.VIA, via);
        String remote = Request.getRemoteAddr(client);
        String host = in.get(HttpHeader.HOST);
        String scheme = client.getHttpURI().getScheme();
        String proto = scheme != null ? scheme : client.isSecure() ? "https" : "http";
        append(out, HttpHeader.FORWARDED, "by=" + HttpField.PARAMETER_TOKENIZER.quote(Request.getLocalAddr(client))
                + ";for=" + HttpField.PARAMETER_TOKENIZER.quote(remote) + ";host=" + HttpField.PARAMETER_TOKENIZER.quote(host)
                + ";proto=" + proto);
        String before = out.get(HttpHeader.X_FORWARDED_FOR);
        out.put(HttpHeader.X_FORWARDED_FOR, before == null || before.isBlank() ? remote : before + ", " + remote);
        if (!out.contains(HttpHeader.X_FORWARDED_PROTO)) out.put(HttpHeader.X_FORWARDED_PROTO, client.isSecure() ? "https" : "http");
        if (host != null && !out.contains(HttpHeader.X_FORWARDED_HOST)) out.put(HttpHeader.X_FORWARDED_HOST, host);
        return out;
    }

    /** Adds {@code value} after the header's existing values (one field, comma-separated). */
    private static void append(HttpFields.Mutable fields, HttpHeader header, String value) {
        String existing = null;
        if (fields.contains(header)) {
            StringBuilder sb = new StringBuilder();
            for (HttpField f : fields.getFields(header)) {
                if (f.getValue() == null || f.getValue().isBlank()) continue;
                if (sb.length() > 0) sb.append(", ");
                sb.append(f.getValue());
            }
            existing = sb.length() == 0 ? null : sb.toString();
        }
        fields.put(header, existing == null ? value : existing + ", " + value);
    }

    /** The header names the client's {@code Connection} lists (they are for this hop only), or null. */
    static Set<String> connectionNamed(HttpFields fields) {
        Set<String> named = null;
        for (HttpField f : fields) {
            if (f.getHeader() != HttpHeader.CONNECTION) continue;
            for (String name : f.getValue().split(",")) {
                if (named == null) named = new java.util.HashSet<>();
                named.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        return named;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
