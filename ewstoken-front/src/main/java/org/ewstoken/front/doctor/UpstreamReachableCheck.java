package org.ewstoken.front.doctor;

import org.eclipse.jetty.client.ContentResponse;
import org.ewstoken.front.UpstreamProbe;
import org.ewstoken.server.doctor.Check;
import org.ewstoken.server.doctor.Outcome;
import org.ewstoken.server.doctor.Problems;

/** The upstream answers at {@code upstream-ews-url}, over TLS verified as the front verifies it. */
record UpstreamReachableCheck(UpstreamProbe probe) implements Check.Probe {

    @Override
    public Outcome run() throws InterruptedException {
        try {
            ContentResponse r = probe.get();
            boolean tls = "https".equalsIgnoreCase(probe.url().getScheme());
            return Outcome.ok(probe.url() + " answered HTTP " + r.getStatus()
                    + (tls ? " over TLS, its certificate verified" : " (plain HTTP: use https beyond a trusted network)"));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (Problems.isTls(e)) {
                return Outcome.fail(probe.url() + ": " + Problems.describe(e), "put the CA that issued the upstream's"
                        + " certificate in upstream-ca-file (PEM), and use the host name the certificate names");
            }
            return Outcome.fail(probe.url() + " cannot be reached: " + Problems.describe(e),
                    "check upstream-ews-url, the upstream's service and the firewall between them");
        }
    }
}
