package org.ewstoken.front.doctor;

import java.util.Optional;
import org.ewstoken.front.UpstreamProbe;
import org.ewstoken.server.doctor.Check;
import org.ewstoken.server.doctor.Outcome;

/** The upstream accepts {@code upstream-user}'s password (the front forwards callback-token requests as it). */
record ServiceAccountCheck(UpstreamProbe probe) implements Check.Probe {

    @Override
    public Outcome run() throws InterruptedException {
        Optional<String> service = probe.serviceAuthorization();
        if (service.isEmpty()) {
            return Outcome.fail("no upstream-user: requests with callback tokens are refused",
                    "set upstream-user and upstream-password-file");
        }
        return UpstreamQuestion.ask(() -> {
            Optional<String> who = probe.whoAmI(service.get());
            if (who.isEmpty()) {
                return Outcome.fail("the upstream refused upstream-user's password (HTTP 401)",
                        "put the service account's current password in upstream-password-file, and let it use HTTP Basic");
            }
            return Outcome.ok("the upstream accepts upstream-user" + (who.get().isEmpty() ? "" : " (" + who.get() + ")"));
        });
    }
}
