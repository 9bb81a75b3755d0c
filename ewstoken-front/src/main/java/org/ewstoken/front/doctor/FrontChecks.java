package org.ewstoken.front.doctor;

import java.util.List;
import org.ewstoken.front.UpstreamProbe;
import org.ewstoken.server.doctor.Check;
import org.ewstoken.server.doctor.CheckSource;
import org.ewstoken.server.doctor.DoctorContext;
import org.ewstoken.server.doctor.Outcome;

/** The front's checks (docs/deployment.md, "ewstoken doctor"): the upstream, its clock, the service account. */
public final class FrontChecks implements CheckSource {

    @Override
    public List<Check> checks(DoctorContext context) {
        if (!context.config().front().enabled()) {
            return List.of(new Check("upstream", () -> Outcome.skipped("no upstream-ews-url (the front is off)")));
        }
        UpstreamProbe probe = new UpstreamProbe(context.config());
        return List.of(new Check("upstream", new UpstreamReachableCheck(probe)),
                new Check("clock-skew", new ClockSkewCheck(probe, context.clock())),
                new Check("upstream-service-account", new ServiceAccountCheck(probe)),
                new Check("upstream-impersonation", new ImpersonationCheck(probe, context.mailbox())));
    }
}
