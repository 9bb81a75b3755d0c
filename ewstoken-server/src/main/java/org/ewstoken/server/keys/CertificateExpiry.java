package org.ewstoken.server.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing certificates that expire soon, seen before they hurt. An Exchange Auth certificate that expired unnoticed
 * broke add-ins for whole organisations (Microsoft ships a script just to watch it): ewstoken keeps signing with an
 * expired certificate, but validators that check the certificate's validity refuse its tokens.
 *
 * <p>Watched: the key that signs and the keys that will sign (pre-published). Retired keys are left alone: their
 * tokens expire within hours. From {@link #WARN_BEFORE} before a certificate's not-after, {@code /readyz} carries a
 * warning (and stays ready) and {@link #run()}, scheduled daily, logs one.
 */
public final class CertificateExpiry implements Runnable {

    /** How long before a certificate's not-after the warnings start. */
    public static final Duration WARN_BEFORE = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiry.class);

    /**
     * A certificate that signs now or will, and expires within {@link #WARN_BEFORE} (or has expired).
     *
     * @param daysLeft whole days until not-after; negative once expired
     */
    public record Warning(String keyId, KeyRing.State state, String subject, Instant notAfter, long daysLeft) {

        /** One sentence saying what expires, when, and what to do. */
        public String message() {
            String when = daysLeft < 0 ? "expired on " + notAfter : "expires on " + notAfter + " (in " + daysLeft + " days)";
            return "the " + (state == KeyRing.State.SIGNING ? "signing" : "next signing") + " certificate " + keyId + " ("
                    + subject + ") " + when + "; validators that check certificate validity will refuse its tokens: "
                    + "import a renewed certificate with 'ewstoken keys import', or 'ewstoken keys rotate'";
        }
    }

    private final KeyRing keys;

    public CertificateExpiry(KeyRing keys) {
        this.keys = keys;
    }

    /** The warnings as of {@code now}, from the ring's last snapshot. */
    public List<Warning> warnings(Instant now) {
        KeyRing.Snapshot snapshot = keys.snapshot();
        if (snapshot == null) return List.of();
        return warnings(snapshot.keys(), now);
    }

    static List<Warning> warnings(List<KeyRing.KeyStatus> statuses, Instant now) {
        List<Warning> out = new ArrayList<>();
        for (KeyRing.KeyStatus k : statuses) {
            boolean signs = k.state() == KeyRing.State.SIGNING || k.state() == KeyRing.State.PENDING;
            if (signs && !now.plus(WARN_BEFORE).isBefore(k.certificateNotAfter())) {
                long days = Duration.between(now, k.certificateNotAfter()).toDays();
                if (now.isAfter(k.certificateNotAfter())) days = Math.min(-1, days);
                out.add(new Warning(k.keyId(), k.state(), k.subject(), k.certificateNotAfter(), days));
            }
        }
        return List.copyOf(out);
    }

    /** Logs each warning; scheduled once a day (and at start). */
    @Override
    public void run() {
        try {
            for (Warning w : warnings(keys.now())) LOG.warn("{}", w.message());
        } catch (RuntimeException e) {
            LOG.warn("could not check signing certificate expiry: {}", e.toString());
        }
    }
}
