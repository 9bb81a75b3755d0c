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
            return List.of(new Check() {
                @Override
                public String name() {
                    return "upstream";
                }

                @Override
                public Outcome run() {
                    return Outcome.skipped("no upstream-ews-url (the front is off)");
                }
            });
        }
        UpstreamProbe probe = new UpstreamProbe(context.config());
        return List.of(new UpstreamReachableCheck(probe), new ClockSkewCheck(probe, context.clock()),
                new ServiceAccountCheck(probe), new ImpersonationCheck(probe, context.mailbox()));
    }
}
