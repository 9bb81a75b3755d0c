package org.ewstoken.server.config;

import java.util.List;
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

    public static final Setting HTTP_ENABLED = new Setting("http-enabled", "true",
            "Listen on plain HTTP ('port'); false leaves HTTPS only.");
    public static final Setting HTTPS_PORT = new Setting("https-port", "",
            "HTTPS port (0 = any free port); unset, no HTTPS. Needs tls-certificate. TLS 1.2 and 1.3, AEAD ciphers only.");
    public static final Setting TLS_CERTIFICATE = new Setting("tls-certificate", "",
            "PKCS#12 file (.p12/.pfx) or PEM file with the server certificate chain (and the key, or see tls-private-key).");
    public static final Setting TLS_PRIVATE_KEY = Setting.secret("tls-private-key", "",
            "PEM file with the private key (PKCS#8, PKCS#1 or EC), if not in the tls-certificate file.");
    public static final Setting TLS_PASSWORD = Setting.secret("tls-password", "",
            "Password of the PKCS#12 file; prefer the environment variable to a file.");
    public static final Setting TRUST_FORWARDED_HEADERS = new Setting("trust-forwarded-headers", "false",
            "Behind a reverse proxy: take the client address and scheme from Forwarded / X-Forwarded-* headers. "
                    + "Never enable it when clients can reach the server directly.");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(HTTP_ENABLED, HTTPS_PORT, TLS_CERTIFICATE, TLS_PRIVATE_KEY,
            TLS_PASSWORD, TRUST_FORWARDED_HEADERS);

    /** Reads this record from the configuration. */
    static ListenerSettings from(SettingValues v) {
        return new ListenerSettings(v.bool(HTTP_ENABLED), v.optionalInteger(HTTPS_PORT), v.path(TLS_CERTIFICATE),
                v.path(TLS_PRIVATE_KEY), v.optional(TLS_PASSWORD), v.bool(TRUST_FORWARDED_HEADERS));
    }

    public ListenerSettings {
        Checks.port(HTTPS_PORT, httpsPort);
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
