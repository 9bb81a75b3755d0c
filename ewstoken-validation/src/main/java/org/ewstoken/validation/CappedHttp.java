package org.ewstoken.validation;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * A GET with a hard deadline on the whole exchange (headers and body, so a server trickling its body
 * cannot hold a thread) and a cap on the body. Only a 200 body is read. Every failure becomes a
 * {@link MetadataUnavailableException} that names the URL and says what went wrong.
 */
record CappedHttp(HttpClient client, Duration timeout, int maxBytes) {

    record Response(int status, HttpHeaders headers, byte[] body) {}

    /** @param what names the document in messages, e.g. "the metadata document" */
    Response get(URI url, String ifNoneMatch, String what) throws MetadataUnavailableException {
        String where = what + " at " + Texts.quote(url.toString());
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET();
            if (ifNoneMatch != null) b.header("If-None-Match", ifNoneMatch);
            request = b.build();
        } catch (IllegalArgumentException e) {
            throw new MetadataUnavailableException(where + " cannot be requested: not an absolute http(s) URL");
        }
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, info -> info.statusCode() == 200
                ? new CappedBody(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1))
                : CappedBody.ignored());
        try {
            HttpResponse<byte[]> r = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new MetadataUnavailableException(where + " did not arrive within " + timeout
                    + " (the whole response, body included, must arrive within the fetch timeout)");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new MetadataUnavailableException("interrupted while fetching " + where, e);
        } catch (ExecutionException e) {
            throw failure(where, e.getCause());
        }
    }

    private MetadataUnavailableException failure(String where, Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) error = error.getCause();
        if (error instanceof CappedBody.TooLargeException) {
            return new MetadataUnavailableException(where + " is larger than " + maxBytes
                    + " bytes, the configured cap (a metadata document is a few KB)", error);
        }
        if (error instanceof HttpTimeoutException) {
            return new MetadataUnavailableException(where + " did not answer within " + timeout, error);
        }
        if (error instanceof ConnectException) {
            return new MetadataUnavailableException("cannot connect to fetch " + where
                    + " (connection refused, or the host is unreachable)", error);
        }
        if (error instanceof SSLException) {
            return new MetadataUnavailableException("the TLS handshake for " + where + " failed (" + tlsProblem(error)
                    + "); if its certificate comes from a private CA, give the MetadataClient an HttpClient whose "
                    + "SSLContext trusts that CA", error);
        }
        if (error instanceof IOException) {
            return new MetadataUnavailableException("cannot fetch " + where + ": the connection failed or was closed"
                    + " before the answer was complete", error);
        }
        return new MetadataUnavailableException("cannot fetch " + where + ": the request failed unexpectedly", error);
    }

    /**
     * The TLS failure in our words: the JDK's own text names its internal classes (PKIX, the cert path builder).
     * Host name mismatches are told apart by the JDK's message alone, which has no type of its own for them.
     */
    static String tlsProblem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) return "its certificate has expired";
            if (t instanceof CertificateNotYetValidException) return "its certificate is not valid yet";
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "its certificate is not trusted: it is not signed by a CA this client trusts";
            }
            String m = t.getMessage();
            if (t instanceof CertificateException && m != null && (m.startsWith("No subject alternative")
                    || m.startsWith("No name matching"))) {
                return "its certificate is not for this host name";
            }
        }
        return "the server and this client agree on no protocol or cipher, or the server broke off the handshake";
    }
}
