package org.ewstoken.server.identity;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.ewstoken.server.http.ServerUrls;

/**
 * What a sign-in method may look at: the request line, the headers and the TLS client certificate,
 * never the body (admission happens before the body is read).
 *
 * @param authorization the {@code Authorization} header, or null
 * @param remoteAddress the client address (after trusted forwarded headers)
 * @param method        the HTTP method
 * @param path          the request path, as sent
 * @param headers       any other header by name (null when absent)
 * @param clientCertificates the TLS client certificate chain, leaf first; empty without one
 */
public record SignInRequest(String authorization, String remoteAddress, String method, String path,
                            Function<String, String> headers, List<X509Certificate> clientCertificates) {

    public SignInRequest {
        Objects.requireNonNull(headers, "headers");
        clientCertificates = List.copyOf(clientCertificates);
    }

    /** A request that carries only an Authorization header (tests, embedders). */
    public static SignInRequest of(String authorization, String remoteAddress) {
        return new SignInRequest(authorization, remoteAddress, "POST", ServerUrls.EWS, name -> null, List.of());
    }

    /**
     * The credentials after {@code scheme} (matched case-insensitively, RFC 9110 §11.1), trimmed; empty
     * when the header is absent or of another scheme.
     */
    public Optional<String> credentials(String scheme) {
        String a = authorization;
        if (a == null || a.length() <= scheme.length() || !a.regionMatches(true, 0, scheme, 0, scheme.length())
                || a.charAt(scheme.length()) != ' ') {
            return Optional.empty();
        }
        return Optional.of(a.substring(scheme.length() + 1).trim());
    }

    public String header(String name) {
        return headers.apply(name);
    }

    /** Never the Authorization header: requests end up in logs. */
    @Override
    public String toString() {
        String a = authorization == null ? "-" : authorization.split(" ", 2)[0].toLowerCase(Locale.ROOT) + " ***";
        return "SignInRequest[" + method + " " + path + " from " + remoteAddress + ", authorization=" + a + "]";
    }
}
