package org.ewstoken.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the server listens besides {@code bind}/{@code port}: HTTPS with a PEM or PKCS#12 certificate,
 * HTTP on or off, and whether a reverse proxy's Forwarded / X-Forwarded-* headers are believed.
 *
 * @param httpEnabled           listen on plain HTTP ({@code port})
 * @param httpsPort             HTTPS port (0 = any free port), or empty for no HTTPS
 * @param tlsCertificate        PKCS#12 ({@code .p12}/{@code .pfx}) or PEM file with the certificate chain
 * @param tlsPrivateKey         PEM private key, when the certificate file is PEM and does not hold it
 * @param tlsPassword           the PKCS#12 password
 * @param trustForwardedHeaders take the client address and scheme from a reverse proxy's headers
 */
public record ListenerSettings(boolean httpEnabled, Optional<Integer> httpsPort, Optional<Path> tlsCertificate,
                               Optional<Path> tlsPrivateKey, Optional<String> tlsPassword,
                               boolean trustForwardedHeaders) {

    public ListenerSettings {
        httpsPort.ifPresent(p -> {
            if (p < 0 || p > 65535) throw new ConfigException("https-port must be 0..65535, was " + p);
        });
        if (httpsPort.isPresent() && tlsCertificate.isEmpty()) {
            throw new ConfigException("https-port needs tls-certificate (a PEM or PKCS#12 file)");
        }
        if (!httpEnabled && httpsPort.isEmpty()) {
            throw new ConfigException("http-enabled is false and no https-port is set: nothing to listen on");
        }
    }

    /** Hides the password from toString (configurations get logged and printed). */
    @Override
    public String toString() {
        return "ListenerSettings[httpEnabled=" + httpEnabled + ", httpsPort=" + httpsPort + ", tlsCertificate="
                + tlsCertificate + ", tlsPrivateKey=" + tlsPrivateKey + ", tlsPassword="
                + tlsPassword.map(p -> "***") + ", trustForwardedHeaders=" + trustForwardedHeaders + "]";
    }
}
