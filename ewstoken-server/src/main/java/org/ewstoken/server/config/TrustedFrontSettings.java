package org.ewstoken.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.io.InputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A trusted front-end: an EWS server that authenticated the user itself and forwards the add-in
 * operations, asserting the mailbox. Trusted only over mutual TLS with a pinned client certificate,
 * or with an HMAC request signature; never for a bare header (docs/identity.md).
 *
 * @param clientCertificateFiles PEM files with the front-ends' TLS client certificates, pinned exactly
 * @param hmacSecretFile        file whose first line is the shared signing secret
 * @param clockWindow           how far a signature's timestamp may be from now
 */
public record TrustedFrontSettings(List<Path> clientCertificateFiles, Optional<Path> hmacSecretFile, Duration clockWindow) {

    public static final Setting FRONT_CLIENT_CERTIFICATES = new Setting("front-client-certificates", "",
            "PEM files (comma separated) with trusted front-ends' TLS client certificates, pinned exactly "
                    + "(HTTPS listener): such a client may assert the mailbox in X-Ewstoken-Mailbox.");
    public static final Setting FRONT_HMAC_SECRET_FILE = Setting.secret("front-hmac-secret-file", "",
            "File with the secret (32+ characters) a trusted front-end signs requests with (X-Ewstoken-Signature).");
    public static final Setting FRONT_CLOCK_WINDOW = new Setting("front-clock-window", "60s",
            "How far a front-end signature's timestamp may be from now.");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(FRONT_CLIENT_CERTIFICATES, FRONT_HMAC_SECRET_FILE,
            FRONT_CLOCK_WINDOW);

    /** Reads this record from the configuration. */
    static TrustedFrontSettings from(SettingValues v) {
        return new TrustedFrontSettings(parseFiles(v.get(FRONT_CLIENT_CERTIFICATES)), v.path(FRONT_HMAC_SECRET_FILE),
                v.duration(FRONT_CLOCK_WINDOW));
    }

    public static final int MIN_SECRET_LENGTH = 32;

    public TrustedFrontSettings {
        clientCertificateFiles = List.copyOf(clientCertificateFiles);
        if (clockWindow.isNegative() || clockWindow.isZero() || clockWindow.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigException("front-clock-window must be positive and at most 10m");
        }
    }

    public boolean enabled() {
        return !clientCertificateFiles.isEmpty() || hmacSecretFile.isPresent();
    }

    /** The shared secret, read now; empty without one. */
    public Optional<byte[]> hmacSecret() {
        return hmacSecretFile.map(file -> {
            String s = SecretFiles.firstLine(FRONT_HMAC_SECRET_FILE, file);
            if (s.length() < MIN_SECRET_LENGTH) {
                throw new ConfigException("the front-end signing secret in " + file + " must be at least "
                        + MIN_SECRET_LENGTH + " characters (e.g. openssl rand -base64 48)");
            }
            return s.getBytes(StandardCharsets.UTF_8);
        });
    }

    /** The pinned client certificates, read now (every certificate in every file). */
    public List<X509Certificate> clientCertificates() {
        List<X509Certificate> out = new ArrayList<>();
        for (Path file : clientCertificateFiles) {
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    out.add((X509Certificate) c);
                }
            } catch (IOException | CertificateException e) {
                throw new ConfigException("cannot read front-client-certificates file " + file + ": " + e.getMessage());
            }
            if (out.isEmpty()) throw new ConfigException("front-client-certificates file " + file + " holds no certificate");
        }
        return out;
    }

    /** Comma separated paths. */
    static List<Path> parseFiles(String text) {
        return java.util.Arrays.stream(text.split("\\s*,\\s*")).filter(s -> !s.isBlank()).map(Path::of).toList();
    }
}
