package org.ewstoken.server.http;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.tokens.JwkSet;
import org.ewstoken.tokens.MetadataDocument;

/**
 * {@code GET /autodiscover/metadata/json/1}: the authentication metadata document listing every
 * certificate a live token may be signed with, the one that signs now first (Microsoft's sample validator takes
 * {@code keys[0]}). Rendered once per key-ring snapshot and signing key; validators may cache it (Cache-Control,
 * ETag, conditional GET). The JWK Set ({@link #keySet}) is served the same way from the same certificates, so the
 * two documents stay in step across rotations.
 */
public final class MetadataEndpoint {

    private record Rendered(KeyRing.Snapshot source, String signingKeyId, byte[] body, String etag) {}

    private final KeyRing keys;
    private final Function<List<X509Certificate>, byte[]> renderer;
    private final String cacheControl;
    private volatile Rendered rendered;

    MetadataEndpoint(KeyRing keys, String documentId, URI metadataUrl, Duration maxAge) {
        this(keys, published -> MetadataDocument.render(documentId, metadataUrl, published), maxAge);
    }

    private MetadataEndpoint(KeyRing keys, Function<List<X509Certificate>, byte[]> renderer, Duration maxAge) {
        this.keys = keys;
        this.renderer = renderer;
        this.cacheControl = "public, max-age=" + maxAge.toSeconds();
    }

    /** The published certificates as a JWK Set, with the metadata document's cache headers ({@code metadata-max-age}). */
    public static Request.Handler keySet(KeyRing keys, Duration maxAge) {
        MetadataEndpoint endpoint = new MetadataEndpoint(keys, JwkSet::render, maxAge);
        return (request, response, callback) -> {
            endpoint.handle(request, response, callback);
            return true;
        };
    }

    void handle(Request request, Response response, Callback callback) {
        Rendered r = current();
        response.getHeaders().put(HttpHeader.ETAG, r.etag());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl);
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(r.etag()) || ifNoneMatch.trim().equals("*"))) {
            HttpResponses.empty(response, callback, 304);
        } else if ("HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpResponses.JSON);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.body().length);
            response.write(true, null, callback);
        } else {
            HttpResponses.send(response, callback, 200, HttpResponses.JSON, r.body());
        }
    }

    private Rendered current() {
        KeyRing.Snapshot snapshot = keys.snapshot();
        Instant now = keys.now();
        String signing = snapshot.signingKeyAt(now).keyId(); // a pre-published key starts signing between refreshes
        Rendered r = rendered;
        if (r == null || r.source() != snapshot || !r.signingKeyId().equals(signing)) {
            byte[] body = renderer.apply(snapshot.publishedAt(now));
            r = new Rendered(snapshot, signing, body, etag(body));
            rendered = r;
        }
        return r;
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
