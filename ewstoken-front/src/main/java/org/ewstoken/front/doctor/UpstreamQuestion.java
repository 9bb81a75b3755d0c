package org.ewstoken.front.doctor;

import org.ewstoken.server.doctor.Check;
import org.ewstoken.server.doctor.Outcome;
import org.ewstoken.server.doctor.Problems;

/**
 * A check's question to the upstream. Why the upstream cannot be reached is the {@code upstream} check's to explain
 * (TLS, address, firewall), so the checks that merely need it say it could not be asked and point there.
 */
final class UpstreamQuestion {

    private UpstreamQuestion() {
    }

    static Outcome ask(Check.Probe question) throws InterruptedException {
        try {
            return question.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return Outcome.fail("the upstream could not be asked: " + Problems.describe(e), "see the upstream check");
        }
    }
}
