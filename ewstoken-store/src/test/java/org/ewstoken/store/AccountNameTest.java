package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One canonical form per mailbox: every spelling of one account is the same key, every impossible name is refused. */
class AccountNameTest {

    @Test
    void spellingsOfOneMailboxShareOneCanonicalForm() {
        List<String> spellings = List.of("alice@contoso.com", "Alice@Contoso.COM", "  alice@contoso.com",
                "alice@contoso.com   ", "\u00a0alice@contoso.com\u3000", // no-break and ideographic spaces
                "\uff41lice@contoso.com", // full-width a
                "ALICE\uff20CONTOSO.COM"); // full-width @
        for (String s : spellings) {
            assertThat(AccountName.canonical(s)).as(s).isEqualTo("alice@contoso.com");
            assertThat(AccountName.of(s)).isEqualTo(AccountName.of("alice@contoso.com"));
        }
    }

    @Test
    void composedAndDecomposedUnicodeAreOneName() {
        String composed = "j\u00f6rg@example.de";
        String decomposed = "jo\u0308rg@example.de";
        assertThat(AccountName.canonical(decomposed)).isEqualTo(composed);
        assertThat(AccountName.canonical("J\u00d6RG@EXAMPLE.DE")).isEqualTo(composed);
        assertThat(AccountName.isCanonical(composed)).isTrue();
        assertThat(AccountName.isCanonical(decomposed)).isFalse();
    }

    @Test
    void theCanonicalFormIsAFixedPoint() {
        for (String s : List.of("Alice@X.org", "\u1e9e@x.org", "\u0130stanbul@x.org", "\ufb01le@x.org", "K\u212a@x.org")) {
            String once = AccountName.canonical(s);
            assertThat(AccountName.canonical(once)).as(s).isEqualTo(once);
            assertThat(AccountName.isCanonical(once)).as(s).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@contoso.com\u0000", "\u0000alice@contoso.com", "ali\u0000ce@contoso.com",
        "\talice@contoso.com", "alice@contoso.com\r\n", "alice@contoso.com\n", "alice@contoso.com\u007f",
        "alice@contoso.com\u0085", "al\u200bice@contoso.com", "alice@contoso.com\ufeff", "\u202ealice@contoso.com",
        "alice@contoso.com\u2028", "alice@contoso.com\u2029", "alice\ud800@contoso.com", "alice\ue000@contoso.com",
        "alice\u0378@contoso.com"})
    void controlFormatAndBrokenCharactersAreRefusedNotStripped(String raw) {
        assertThat(AccountName.parse(raw)).isEmpty();
        assertThat(AccountName.problem(raw)).isNotNull();
        assertThatThrownBy(() -> AccountName.of(raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(raw).hasMessageNotContaining("\u0000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "alice", "@contoso.com", "alice@", "a@b@c.com", "al ice@contoso.com",
        "alice@con toso.com", "\"alice\"@contoso.com", "alice<x>@contoso.com", "a,b@contoso.com", "a;b@x.com",
        "a:b@x.com", "a\\b@x.com", "a(b)@x.com", "a[b]@x.com", ".alice@x.com", "alice.@x.com", "al..ice@x.com",
        "alice@.x.com", "alice@x.com.", "alice@x..com", "DOMAIN\\alice"})
    void namesThatCanNeverBeAMailboxAreRefused(String raw) {
        assertThat(AccountName.parse(raw)).isEmpty();
    }

    @Test
    void lengthsAreBoundedBeforeAndAfterNormalisation() {
        assertThat(AccountName.parse(null)).isEmpty();
        assertThat(AccountName.parse("a".repeat(64) + "@x.org")).isPresent();
        assertThat(AccountName.parse("a".repeat(65) + "@x.org")).isEmpty();
        String domain = "d".repeat(60) + "." + "d".repeat(60) + "." + "d".repeat(60) + "." + "d".repeat(50);
        assertThat(AccountName.parse("a@" + domain)).isPresent(); // 235 bytes
        assertThat(AccountName.parse("a".repeat(30) + "@" + domain)).isEmpty(); // 264 bytes
        assertThat(AccountName.parse("a".repeat(64) + "@" + "d".repeat(200))).isEmpty();
        assertThat(AccountName.parse(" ".repeat(AccountName.MAX_INPUT_CHARS) + "a@x.org")).isEmpty();
        // U+FDFA expands 18-fold under NFKC: the byte limit applies to the result, not the input
        assertThat(AccountName.parse("\ufdfa".repeat(20) + "@x.org")).isEmpty();
        assertThat(AccountName.problem("\u00e9".repeat(40) + "@x.org")).contains("64 bytes");
    }

    @Test
    void partsAndOrderingFollowTheCanonicalValue() {
        AccountName a = AccountName.of(" Bob@Example.ORG ");
        assertThat(a.value()).isEqualTo("bob@example.org");
        assertThat(a.localPart()).isEqualTo("bob");
        assertThat(a.domain()).isEqualTo("example.org");
        assertThat(a).hasToString("bob@example.org");
        assertThat(AccountName.of("a@x.org").compareTo(a)).isNegative();
    }

    @Test
    void theStoreKeepsUsersUnderTheCanonicalName() {
        User u = new User(" J\u00d6RG@Example.de ", "J", java.util.UUID.randomUUID(), "h", ModelTest.T0);
        assertThat(u.smtpAddress()).isEqualTo("j\u00f6rg@example.de");
        assertThatThrownBy(() -> new User("jorg@example.de\u0000", "J", java.util.UUID.randomUUID(), "h", ModelTest.T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }
}
