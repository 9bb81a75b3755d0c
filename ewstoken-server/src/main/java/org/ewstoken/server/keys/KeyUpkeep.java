package org.ewstoken.server.keys;

import java.time.Duration;
import org.ewstoken.server.Feature;
import org.ewstoken.server.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys' schedules: re-read every {@code key-refresh-interval} (another node may have rotated),
 * rotated when due (exactly one node rotates), and a certificate near its not-after warned about at
 * start and once a day (also in {@code /readyz}).
 */
public final class KeyUpkeep implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(KeyUpkeep.class);

    @Override
    public Installed install(Context c) {
        KeyRing keyRing = c.keyRing();
        Duration every = c.config().keyRefreshInterval();
        return Installed.NOTHING
                .with(Lifecycle.every("key refresh", every, every, () -> {
                    try {
                        keyRing.refresh();
                        keyRing.rotateIfDue(); // on a schedule, if configured
                    } catch (RuntimeException e) {
                        LOG.warn("could not refresh signing keys: {}", e.toString());
                    }
                }))
                .with(Lifecycle.every("certificate expiry", Duration.ZERO, Duration.ofDays(1), new CertificateExpiry(keyRing)));
    }
}
