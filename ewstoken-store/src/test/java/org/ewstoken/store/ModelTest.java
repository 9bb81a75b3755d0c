package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.ewstoken.testkit.Ordered;
import org.junit.jupiter.api.Test;

/** The value types: normalisation, validation and what they print. */
class ModelTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");

    @Test
    void permissionsParseFromWireNamesIgnoringCase() {
        assertThat(Permission.fromWire("ReadWriteMailbox")).contains(Permission.READ_WRITE_MAILBOX);
        assertThat(Permission.fromWire("readitem")).contains(Permission.READ_ITEM);
        assertThat(Permission.fromWire("RESTRICTED")).contains(Permission.RESTRICTED);
        assertThat(Permission.fromWire("Admin")).isEmpty();
        assertThat(Permission.fromWire(null)).isEmpty();
        assertThat(Permission.READ_WRITE_ITEM.wireName()).isEqualTo("ReadWriteItem");
    }

    @Test
    void permissionsAreOrderedFromRestrictedToReadWriteMailbox() {
        Ordered.assertAscending(Permission::atLeast,
                Permission.RESTRICTED, Permission.READ_ITEM, Permission.READ_WRITE_ITEM, Permission.READ_WRITE_MAILBOX);
    }

    @Test
    void aUserPrintsWithoutItsPasswordHash() {
        User alice = new User("alice@example.com", "Alice", UUID.randomUUID(), "$argon2id$SECRET", T0);

        assertThat(alice.toString()).contains("alice@example.com").doesNotContain("SECRET", "argon2id");
    }

    @Test
    void aUserAddressIsLowercasedAndTimestampsKeepMilliseconds() {
        User alice = new User("Alice@Example.COM", "Alice", UUID.randomUUID(), "h", T0);

        assertThat(alice.smtpAddress()).isEqualTo("alice@example.com");
        assertThat(alice.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00.123Z"));
    }

    @Test
    void aUserNeedsAnAddressAndAHash() {
        UUID uid = UUID.randomUUID();
        assertThatThrownBy(() -> new User("no-at-sign", "x", uid, "h", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new User("a b@example.com", "x", uid, "h", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new User("a@example.com", "x", uid, " ", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new User("a@example.com", "x", null, "h", T0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anAddInIdMustBeAGuidAndIsLowercased() {
        assertThat(addIn("ABCDEF01-2345-6789-ABCD-EF0123456789", Set.of()).id())
                .isEqualTo("abcdef01-2345-6789-abcd-ef0123456789");
        assertThatThrownBy(() -> addIn("{abcdef01-2345-6789-abcd-ef0123456789}", Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> addIn("1-2-3-4-5", Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAddInScopeMayNotBeEmptyOrContainWhitespace() {
        assertThat(addIn("abcdef01-2345-6789-abcd-ef0123456789", Set.of("b", "a")).allowedScopes())
                .containsExactly("a", "b");
        assertThatThrownBy(() -> addIn("abcdef01-2345-6789-abcd-ef0123456789", Set.of("mail read")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> addIn("abcdef01-2345-6789-abcd-ef0123456789", Set.of("")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAddInHasAnOwnerExactlyWhenInstalledForAUser() {
        String id = "abcdef01-2345-6789-abcd-ef0123456789";
        assertThatThrownBy(() -> new AddIn(id, "x", Permission.READ_ITEM, "https://a", Set.of(), true,
                InstallScope.USER, null, T0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AddIn(id, "x", Permission.READ_ITEM, "https://a", Set.of(), true,
                InstallScope.ORGANIZATION, "bob@example.com", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AddIn(id, "x", Permission.READ_ITEM, "https://a", Set.of(), true,
                InstallScope.USER, "Bob@Example.com", T0).ownerSmtp()).isEqualTo("bob@example.com");
    }

    @Test
    void aKeySignsFromActivationUntilRetirement() {
        Instant activates = T0.plusSeconds(10);
        StoredKey key = new StoredKey("k", "c", "s", T0, activates, activates.plusSeconds(10));

        assertThat(key.signsAt(T0)).isFalse();
        assertThat(key.signsAt(activates)).isTrue();
        assertThat(key.signsAt(activates.plusSeconds(9))).isTrue();
        assertThat(key.signsAt(activates.plusSeconds(10))).isFalse();
        assertThat(new StoredKey("k", "c", "s", T0, T0, null).signsAt(T0.plusSeconds(1_000_000))).isTrue();
    }

    @Test
    void aKeyPrintsWithoutItsKeyMaterial() {
        StoredKey key = new StoredKey("thumb", "CERT-BASE64", "SEALED-SECRET", T0, T0, null);

        assertThat(key.toString()).contains("thumb").doesNotContain("CERT-BASE64", "SEALED-SECRET");
    }

    private static AddIn addIn(String id, Set<String> scopes) {
        return new AddIn(id, "x", Permission.READ_ITEM, "https://a.example.com", scopes, true,
                InstallScope.ORGANIZATION, null, T0);
    }
}
