package org.ewstoken.front.doctor;

import java.util.Optional;
import org.ewstoken.front.UpstreamProbe;
import org.ewstoken.server.doctor.Check;
import org.ewstoken.server.doctor.Outcome;

/** The service account may act for {@code --mailbox} with {@code ExchangeImpersonation}, as callback-token requests do. */
record ImpersonationCheck(UpstreamProbe probe, Optional<String> mailbox) implements Check.Probe {

    static final String GRANT = "let upstream-user impersonate mailboxes (Exchange: the ApplicationImpersonation role;"
            + " other servers: their EWS impersonation or full-access delegation)";

    @Override
    public Outcome run() throws InterruptedException {
        if (mailbox.isEmpty()) return Outcome.skipped("give --mailbox to try impersonating a mailbox");
        Optional<String> service = probe.serviceAuthorization();
        if (service.isEmpty()) return Outcome.skipped("no upstream-user");
        return UpstreamQuestion.ask(() -> answer(probe.impersonate(service.get(), mailbox.get())));
    }

    private Outcome answer(String code) {
        return switch (code) {
            case "NoError" -> Outcome.ok("upstream-user may act for " + mailbox.get());
            case "HTTP 401" -> Outcome.fail("the upstream refused upstream-user's password (HTTP 401)",
                    "see the upstream-service-account check");
            case "ErrorImpersonateUserDenied", "ErrorImpersonationDenied", "ErrorImpersonationFailed", "ErrorAccessDenied" ->
                    Outcome.fail("upstream-user may not impersonate " + mailbox.get() + " (" + code + ")", GRANT);
            case "ErrorNonExistentMailbox", "ErrorMailboxNotFound" -> Outcome.fail("the upstream knows no mailbox "
                    + mailbox.get() + " (" + code + ")", "give --mailbox an existing mailbox's primary address");
            default -> Outcome.fail("the upstream answered " + code + " when upstream-user acted for " + mailbox.get(), GRANT);
        };
    }
}
