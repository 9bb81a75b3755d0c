package org.ewstoken.server.identity.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's discovery document and signing keys, fetched when first needed (a provider that
 * is down does not stop ewstoken from starting) and kept for {@code jwksCacheTtl}. A key id not
 * among them (the provider rotated) fetches them again, at most every {@link #MIN_REFETCH}, so
 * (or the cache lifetime, if shorter), so that tokens with made-up key ids cannot make ewstoken
 * hammer the provider. When a fetch fails,
 * the keys fetched before stay in use.
 */
final class OidcProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OidcProvider.class);
    static final Duration MIN_REFETCH = Duration.ofSeconds(10);
    /** Discovery documents and key sets are small; a larger answer is not one. */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The provider could not be asked and no keys are known. */
    static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private record Keys(List<JWK> keys, long fetchedAt) {}

    private final URI issuer;
    private final long ttlNanos;
    private final long minRefetchNanos;
    private final LongSupplier nanoClock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile URI jwksUri;
    private volatile Keys keys;
    private volatile long lastAttempt = Long.MIN_VALUE;

    OidcProvider(URI issuer, Duration jwksCacheTtl, LongSupplier nanoClock) {
        this.issuer = issuer;
        this.ttlNanos = jwksCacheTtl.toNanos();
        this.minRefetchNanos = Math.min(MIN_REFETCH.toNanos(), ttlNanos);
        this.nanoClock = nanoClock;
    }

    URI issuer() {
        return issuer;
    }

    /**
     * The keys with this key id (all keys when the token names none), fetching the key set again if
     * it is stale or does not have the key id.
     */
    List<JWK> keysFor(String kid) throws UnavailableException {
        Keys k = keys;
        long now = nanoClock.getAsLong();
        if (k == null || now - k.fetchedAt() > ttlNanos || (kid != null && matching(k, kid).isEmpty())) {
            k = refresh(now, k);
        }
        return matching(k, kid);
    }

    /** The keys once more from the provider (a signature failed with the cached ones), if allowed by now. */
    List<JWK> refetched(String kid) throws UnavailableException {
        return matching(refresh(nanoClock.getAsLong(), keys), kid);
    }

    private static List<JWK> matching(Keys k, String kid) {
        return k.keys().stream().filter(j -> kid == null || kid.equals(j.getKeyID()))
                .filter(j -> j.getKeyUse() == null || "sig".equals(j.getKeyUse().identifier())).toList();
    }

    private synchronized Keys refresh(long now, Keys seen) throws UnavailableException {
        Keys current = keys;
        if (current != seen && current != null) return current; // another thread fetched meanwhile
        if (current != null && now - lastAttempt < minRefetchNanos) return current;
        lastAttempt = now;
        try {
            if (jwksUri == null) jwksUri = discover();
            List<JWK> fetched = JWKSet.parse(new String(get(jwksUri), java.nio.charset.StandardCharsets.UTF_8)).getKeys();
            Keys k = new Keys(fetched.stream().filter(j -> !j.isPrivate()).toList(), now);
            keys = k;
            return k;
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            LOG.warn("cannot fetch the signing keys of {}: {}", issuer, e.getMessage());
            if (current != null) return current;
            throw new UnavailableException("the identity provider " + issuer + " cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted");
        }
    }

    /** OpenID Connect Discovery §4: the document's issuer must be exactly the configured one. */
    private URI discover() throws IOException, InterruptedException {
        URI wellKnown = URI.create(issuer + "/.well-known/openid-configuration");
        JsonNode doc = JSON.readTree(get(wellKnown));
        String iss = doc.path("issuer").asText("");
        if (!iss.equals(issuer.toString()) && !iss.equals(issuer + "/")) {
            throw new IOException("the discovery document names issuer '" + iss + "', not " + issuer);
        }
        String jwks = doc.path("jwks_uri").asText("");
        URI uri = URI.create(jwks);
        if (!"https".equals(uri.getScheme()) && !uri.getScheme().equals(issuer.getScheme())) {
            throw new IOException("jwks_uri must be https, was " + jwks);
        }
        return uri;
    }

    private byte[] get(URI uri) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) throw new IOException(uri + " answered HTTP " + r.statusCode());
            byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (body.length > MAX_DOCUMENT_BYTES) throw new IOException(uri + " answered more than " + MAX_DOCUMENT_BYTES + " bytes");
            return body;
        }
    }

    Optional<URI> jwksUri() {
        return Optional.ofNullable(jwksUri);
    }
}
