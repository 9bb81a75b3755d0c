package org.ewstoken.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.SignInResult;
import org.junit.jupiter.api.Test;

/** The one mapping from a sign-in that did not succeed to status, challenges and Retry-After. */
class SignInAnswerTest {

    private static final List<String> OFFERED = List.of("Negotiate", "Basic realm=\"x\"");

    @Test
    void aRefusalOrNoMethodSpeakingOffersEveryChallengeWith401() {
        for (SignInResult r : List.of(SignInResult.REFUSED, SignInResult.NOT_MINE)) {
            SignInAnswer a = SignInAnswer.of(r, OFFERED);
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.challenges()).isEqualTo(OFFERED);
            assertThat(a.retryAfter()).isEmpty();
        }
    }

    @Test
    void aMultiLegExchangeGoesOnWithExactlyItsOwnChallenge() {
        SignInAnswer a = SignInAnswer.of(new SignInResult.Continue("Negotiate abc"), OFFERED);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.challenges()).containsExactly("Negotiate abc");
    }

    @Test
    void aLockoutIs429AndAnOutage503BothWithRetryAfterInWholeSecondsRoundedUp() {
        SignInAnswer locked = SignInAnswer.of(new SignInResult.LockedOut(Duration.ofMillis(1500)), OFFERED);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.challenges()).isEmpty();
        assertThat(locked.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(locked.message()).contains("retry after 2 s");
        SignInAnswer down = SignInAnswer.of(new SignInResult.Unavailable(Duration.ZERO, "directory down at ldap://x"),
                OFFERED);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.message()).as("the reason is the operator's, not the caller's").doesNotContain("ldap")
                .contains("retry after 1 s");
    }

    @Test
    void aSuccessIsNotARefusal() {
        var identity = new Identity("a@contoso.com", "A", Optional.empty(), Optional.empty(),
                Identity.Grants.ALL, "basic");
        assertThatThrownBy(() -> SignInAnswer.of(new SignInResult.SignedIn(identity), OFFERED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
