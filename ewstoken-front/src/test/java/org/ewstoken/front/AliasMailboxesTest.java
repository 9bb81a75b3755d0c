package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ewstoken.store.User;
import org.junit.jupiter.api.Test;

/** A mailbox an earlier version created under an alias is reported at the alias's next sign-in, and nothing else is. */
class AliasMailboxesTest {

    @Test
    void aStoredMailboxUnderAnAliasOfThePrimaryAddressIsReportedOthersAreNot() {
        User old = new User("ali@contoso.test", "ali", UUID.randomUUID(), null, Instant.EPOCH);
        AliasMailboxes aliases = new AliasMailboxes(name -> Optional.ofNullable(Map.of("ali@contoso.test", old).get(name)));
        assertThat(aliases.signedIn("Ali@contoso.test", "alice@contoso.test")).isTrue();
        assertThat(aliases.signedIn("ali@contoso.test", "alice@contoso.test")).as("reported once, still an alias").isTrue();
        assertThat(aliases.signedIn("alice@contoso.test", "alice@contoso.test")).isFalse();
        assertThat(aliases.signedIn("al@contoso.test", "alice@contoso.test")).as("no mailbox under it").isFalse();
    }
}
