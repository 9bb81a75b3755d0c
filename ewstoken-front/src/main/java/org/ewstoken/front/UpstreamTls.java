package org.ewstoken.front;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.ewstoken.server.config.ConfigException;

/**
 * TLS towards the upstream: its certificate chain and host name are always verified, against the CA
 * certificates of {@code upstream-ca-file} when set (an internal CA, typical for a mail server behind
 * ewstoken), else against the JVM's trust store. There is deliberately no "trust all" switch.
 */
final class UpstreamTls {

    private UpstreamTls() {
    }

    static SslContextFactory.Client context(Optional<Path> caFile) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        caFile.ifPresent(file -> tls.setTrustStore(trustStore(file)));
        return tls;
    }

    static KeyStore trustStore(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new ConfigException("upstream-ca-file " + file + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) store.setCertificateEntry("ca-" + i++, c);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot read upstream-ca-file " + file + ": " + e.getMessage());
        }
    }
}
