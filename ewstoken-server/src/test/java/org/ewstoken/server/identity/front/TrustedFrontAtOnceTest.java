package org.ewstoken.server.identity.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ewstoken.server.identity.SignInRequest;
import org.ewstoken.server.identity.SignInResult;
import org.ewstoken.testkit.Credentials;
import org.junit.jupiter.api.Test;

/**
 * The trusted front's sign-in never answers on the selector thread, and never keeps a Basic caller from it:
 * a request without its mailbox header is not its own, at once.
 */
class TrustedFrontAtOnceTest {

    private final TrustedFrontMethod front = new TrustedFrontMethod(Set.of(),
            Optional.of("a shared secret of the front".getBytes(StandardCharsets.UTF_8)), Duration.ofMinutes(5),
            Clock.systemUTC());

    private static SignInRequest withHeaders(String authorization, String mailbox) {
        return new SignInRequest(authorization, "192.0.2.9", "POST", "/EWS/Exchange.asmx",
                name -> name.equalsIgnoreCase(TrustedFrontMethod.MAILBOX) ? mailbox : null, List.of());
    }

    @Test
    void aBasicRequestIsNotTheFrontsAtOnce() {
        SignInResult r = front.signInAtOnce(withHeaders(Credentials.basic("alice@contoso.com", "pw"), null));

        assertThat(r).isEqualTo(SignInResult.NOT_MINE);
    }

    @Test
    void aRequestTheFrontSignedWaitsForTheWaitingPath() {
        SignInResult r = front.signInAtOnce(withHeaders(null, "alice@contoso.com"));

        assertThat(r).isEqualTo(SignInResult.WOULD_WAIT);
    }
}
