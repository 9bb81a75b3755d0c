package org.ewstoken.server.doctor;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.ewstoken.server.keys.CertificateExpiry;
import org.ewstoken.server.keys.KeyRing;

/** The signing certificate (and a pre-published next one) is not within 30 days of its not-after. */
record SigningKeysCheck(KeyRing keys, Clock clock) implements Check.Probe {

    @Override
    public Outcome run() {
        Instant now = clock.instant();
        List<CertificateExpiry.Warning> warnings = new CertificateExpiry(keys).warnings(now);
        if (!warnings.isEmpty()) {
            CertificateExpiry.Warning w = warnings.get(0);
            String when = w.daysLeft() < 0 ? "expired on " + w.notAfter() : "expires in " + w.daysLeft() + " days";
            return Outcome.fail("the " + (w.state() == KeyRing.State.SIGNING ? "signing" : "next signing")
                    + " certificate " + w.keyId() + " " + when, "'ewstoken keys rotate', or 'ewstoken keys import' a renewed one");
        }
        return Outcome.ok("the signing key " + signingKeyId(keys, now) + " is valid for more than "
                + CertificateExpiry.WARN_BEFORE.toDays() + " days");
    }

    /** The key id ({@code x5t}) of the key that signs at {@code now}. */
    static String signingKeyId(KeyRing keys, Instant now) {
        return keys.snapshot().keys().stream().filter(k -> k.state() == KeyRing.State.SIGNING)
                .map(KeyRing.KeyStatus::keyId).findFirst().orElse("(none)");
    }
}
