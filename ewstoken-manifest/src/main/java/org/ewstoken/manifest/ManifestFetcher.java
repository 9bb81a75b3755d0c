package org.ewstoken.manifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.ewstoken.manifest.ManifestException.Problem;

/**
 * Downloads a manifest, bounded in size and time: https only unless http is explicitly allowed, at most
 * {@value #MAX_REDIRECTS} redirects, each to the same scheme, and the whole exchange (connect, headers, body)
 * within one deadline. Thread-safe.
 */
public final class ManifestFetcher {
    static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final Duration timeout;
    private final int maxBytes;
    private final boolean allowHttp;

    /**
     * @param timeout   for the whole download, redirects included
     * @param maxBytes  largest body accepted
     * @param allowHttp whether plain http URLs are allowed (for development servers)
     */
    public ManifestFetcher(Duration timeout, int maxBytes, boolean allowHttp) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || maxBytes <= 0) {
            throw new IllegalArgumentException("timeout and maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.allowHttp = allowHttp;
        // Redirects are followed by hand so that every hop is checked.
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    public byte[] fetch(URI url) throws ManifestException {
        Objects.requireNonNull(url, "url");
        String scheme = checkScheme(url, null);
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<byte[]> response = send(current, deadline);
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            if (status / 100 != 3 || status == 304) {
                throw failed(current, "the server answered HTTP " + status);
            }
            URI from = current;
            String location = response.headers().firstValue("Location")
                    .orElseThrow(() -> failed(from, "a redirect without a Location header"));
            URI next;
            try {
                next = current.resolve(location.strip());
            } catch (IllegalArgumentException e) {
                throw failed(current, "a redirect to an invalid URL");
            }
            checkScheme(next, scheme);
            current = next;
        }
        throw failed(url, "more than " + MAX_REDIRECTS + " redirects");
    }

    /** The URL's scheme, refused unless https (or http when allowed) and, on a redirect, the original one. */
    private String checkScheme(URI url, String required) throws ManifestException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (required != null && !scheme.equals(required)) {
            throw failed(url, "a redirect from " + required + " to another scheme (" + scheme + ") is not followed");
        }
        if (!url.isAbsolute() || url.getHost() == null) {
            throw failed(url, "not an absolute URL with a host");
        }
        if (!(scheme.equals("https") || allowHttp && scheme.equals("http"))) {
            throw failed(url, allowHttp ? "only http and https URLs can be fetched"
                    : "only https URLs can be fetched (plain http must be allowed explicitly)");
        }
        return scheme;
    }

    private HttpResponse<byte[]> send(URI url, long deadline) throws ManifestException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw failed(url, "no answer within " + timeout.toMillis() + " ms");
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofNanos(left))
                .header("Accept", "application/xml, text/xml, application/json, */*;q=0.1").GET().build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                info -> new LimitedBody(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1)));
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw failed(url, "no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw failed(url, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // The body's refusal may reach here wrapped by the client (as the cause of an IOException).
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof TooLarge) {
                    throw new ManifestException(Problem.TOO_LARGE, url.toString(),
                            "The manifest is larger than " + maxBytes + " bytes");
                }
            }
            throw failed(url, reason(cause, url));
        }
    }

    /**
     * Why the connection failed, in words: the HTTP client's exceptions often carry no message (a bare
     * {@code ConnectException}), and the useful one sits further down the chain.
     */
    static String reason(Throwable failure, URI url) {
        String host = url.getHost() == null ? "the server" : url.getHost();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "the host name " + Text.shorten(host) + " does not resolve (check the URL and the DNS)";
            }
            if (t instanceof SSLHandshakeException) {
                return "the TLS handshake with " + Text.shorten(host) + " failed"
                        + (t.getMessage() == null ? "" : " (" + Text.shorten(t.getMessage()) + ")")
                        + "; is its certificate trusted by this Java's trust store?";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return Text.shorten(host) + " did not accept the connection in time";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                int port = url.getPort() != -1 ? url.getPort() : "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
                return "nothing accepts connections at " + Text.shorten(host) + " port " + port + " (connection refused)";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return "the connection failed: " + Text.shorten(t.getMessage());
            }
        }
        return "the connection failed (" + failure.getClass().getSimpleName() + ")";
    }

    private static ManifestException failed(URI url, String why) {
        return new ManifestException(Problem.FETCH_FAILED, Text.shorten(url.toString()),
                "The manifest could not be downloaded: " + why);
    }

    /** The body is too large; cancels the download as soon as that is known. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("too large", null);
        }
    }

    /** Collects the body up to a limit and gives up, cancelling the stream, beyond it. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final long declaredLength;
        private Flow.Subscription subscription;

        LimitedBody(int max, long declaredLength) {
            this.max = max;
            this.declaredLength = declaredLength;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declaredLength > max) {
                s.cancel();
                result.completeExceptionally(new TooLarge());
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (buffer.size() + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                buffer.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
