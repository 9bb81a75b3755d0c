package org.ewstoken.server.doctor;

import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLSession;
import org.ewstoken.server.http.ServerUrls;

/**
 * The TLS certificate clients are shown at the public URL (ewstoken's own, or the reverse proxy's) is trusted, for
 * the host name, and not within 30 days of its not-after. Checked on the wire, so it is the one Outlook sees.
 */
record ServedCertificateCheck(URI publicUrl, Clock clock) implements Check.Probe {

    static final Duration WARN_BEFORE = Duration.ofDays(30);

    @Override
    public Outcome run() throws InterruptedException, javax.net.ssl.SSLPeerUnverifiedException {
        if (!"https".equalsIgnoreCase(publicUrl.getScheme())) {
            return Outcome.skipped("public-url " + publicUrl + " is not https");
        }
        Http.Answer answer;
        try {
            answer = Http.get(URI.create(publicUrl + ServerUrls.METADATA));
        } catch (java.io.IOException e) {
            return Problems.isTls(e)
                    ? Outcome.fail(publicUrl + ": " + Problems.describe(e), "serve a certificate for "
                            + publicUrl.getHost() + " from a CA the clients trust, with its whole chain")
                    : Outcome.fail(publicUrl + " cannot be reached: " + Problems.describe(e), "see public-url");
        }
        SSLSession session = answer.response().sslSession().orElse(null);
        Certificate[] chain = session == null ? new Certificate[0] : session.getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate served)) {
            return Outcome.fail(publicUrl + " showed no certificate", "serve a certificate for " + publicUrl.getHost());
        }
        Instant notAfter = served.getNotAfter().toInstant();
        long days = Duration.between(clock.instant(), notAfter).toDays();
        if (clock.instant().plus(WARN_BEFORE).isAfter(notAfter)) {
            return Outcome.fail("the certificate served at " + publicUrl + " expires on " + notAfter + " (in " + days
                    + " days)", "renew it (tls-certificate, or your reverse proxy's)");
        }
        return Outcome.ok("the certificate served at " + publicUrl + " is trusted and valid until " + notAfter);
    }
}
