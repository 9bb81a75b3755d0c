package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.store.StoreFixtures.*;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the users area ({@link UserStore}) of every {@link Store} must do, whatever the database:
 * {@link StoreContract} runs it on each database with a fresh, empty, migrated store per test.
 */
interface UserStoreContract {

    /** The store under test. */
    Store store();

    @Test
    default void anAddedUserIsFoundByItsAddressInAnyCase() throws Exception {
        User alice = user("Alice@Example.COM");
        store().addUser(alice);

        assertThat(store().findUser("alice@example.com")).contains(alice);
        assertThat(store().findUser("ALICE@EXAMPLE.COM")).contains(alice);
        assertThat(store().findUser("bob@example.com")).isEmpty();
    }

    @Test
    default void aUserRoundTripsEveryFieldWithMillisecondTimestamps() throws Exception {
        User alice = user("alice@example.com");
        store().addUser(alice);

        User found = store().findUser("alice@example.com").orElseThrow();
        assertThat(found.smtpAddress()).isEqualTo("alice@example.com");
        assertThat(found.displayName()).isEqualTo("Name of alice@example.com");
        assertThat(found.exchangeUid()).isEqualTo(alice.exchangeUid());
        assertThat(found.passwordHash()).isEqualTo(HASH);
        assertThat(found.createdAt()).isEqualTo(T0_MS);
    }

    @Test
    default void aMailboxWithoutALocalPasswordRoundTripsWithoutOne() throws Exception {
        User dir = User.external("dir@example.com", "Dir User", UUID.randomUUID(), T0);
        store().addUser(dir);

        User found = store().findUser("dir@example.com").orElseThrow();
        assertThat(found.passwordHash()).isNull();
        assertThat(found.hasPassword()).isFalse();
        assertThat(store().findUserByExchangeUid(dir.exchangeUid())).contains(found);
        assertThat(store().findUserByExchangeUid(UUID.randomUUID())).isEmpty();
    }

    @Test
    default void aRenamedMailboxKeepsItsExchangeUidItsAddInsAndItsChoices() throws Exception {
        User alice = user("alice@example.com");
        store().addUser(alice);
        store().addUser(user("bob@example.com"));
        String org = "11111111-1111-1111-1111-111111111111";
        String mine = "22222222-2222-2222-2222-222222222222";
        store().addAddIn(orgAddIn(org));
        store().addAddIn(userAddIn(mine, "alice@example.com"));
        store().setUserChoice(org, "alice@example.com", new UserChoice(false, "NoReason", T0));

        assertThat(store().renameUser(alice.exchangeUid(), "Alice.Smith@Example.com", "Alice Smith")).isTrue();

        assertThat(store().findUser("alice@example.com")).isEmpty();
        User renamed = store().findUser("alice.smith@example.com").orElseThrow();
        assertThat(renamed.exchangeUid()).isEqualTo(alice.exchangeUid());
        assertThat(renamed.displayName()).isEqualTo("Alice Smith");
        assertThat(renamed.passwordHash()).isEqualTo(HASH);
        assertThat(store().listAddInsFor("alice.smith@example.com")).extracting(m -> m.addIn().id())
                .containsExactlyInAnyOrder(org, mine);
        assertThat(store().findAddInFor(org, "alice.smith@example.com").orElseThrow().choice()).isNotNull();
        assertThat(store().listUsers()).hasSize(2);
        assertThatThrownBy(() -> store().renameUser(alice.exchangeUid(), "bob@example.com", "x"))
                .isInstanceOf(DuplicateException.class);
        assertThat(store().renameUser(UUID.randomUUID(), "nobody@example.com", "x")).isFalse();
    }

    @Test
    default void usersAreListedInAddressOrder() throws Exception {
        store().addUser(user("carol@example.com"));
        store().addUser(user("Alice@example.com"));
        store().addUser(user("bob@example.com"));

        assertThat(store().listUsers()).extracting(User::smtpAddress)
                .containsExactly("alice@example.com", "bob@example.com", "carol@example.com");
    }

    @Test
    default void aSecondUserWithTheSameAddressInAnotherCaseIsRefused() throws Exception {
        store().addUser(user("alice@example.com"));

        assertThatThrownBy(() -> store().addUser(user("ALICE@example.com")))
                .isInstanceOf(DuplicateException.class);
        assertThat(store().listUsers()).hasSize(1);
    }

    @Test
    default void exchangeUidIsUniqueAcrossUsers() throws Exception {
        User alice = user("alice@example.com");
        store().addUser(alice);
        User impostor = new User("bob@example.com", "Bob", alice.exchangeUid(), HASH, T0);

        assertThatThrownBy(() -> store().addUser(impostor)).isInstanceOf(DuplicateException.class);
        assertThat(store().findUser("bob@example.com")).isEmpty();
    }

    @Test
    default void updatingAPasswordHashChangesOnlyThatUser() throws Exception {
        addUsers(store(), "alice@example.com", "bob@example.com");

        assertThat(store().updatePasswordHash("ALICE@example.com", "new-hash")).isTrue();

        assertThat(store().findUser("alice@example.com").orElseThrow().passwordHash()).isEqualTo("new-hash");
        assertThat(store().findUser("bob@example.com").orElseThrow().passwordHash()).isEqualTo(HASH);
        assertThat(store().updatePasswordHash("nobody@example.com", "new-hash")).isFalse();
    }

    @Test
    default void removingAUserReportsWhetherItExisted() throws Exception {
        store().addUser(user("alice@example.com"));

        assertThat(store().removeUser("Alice@Example.com")).isTrue();
        assertThat(store().findUser("alice@example.com")).isEmpty();
        assertThat(store().removeUser("alice@example.com")).isFalse();
    }

    @Test
    default void removingAUserRemovesTheAddInsInstalledForThemAlone() throws Exception {
        addUsers(store(), "alice@example.com", "bob@example.com");
        String alices = "aaaaaaaa-0000-0000-0000-000000000001";
        String bobs = "bbbbbbbb-0000-0000-0000-000000000001";
        String orgs = "cccccccc-0000-0000-0000-000000000001";
        store().addAddIn(userAddIn(alices, "alice@example.com"));
        store().addAddIn(userAddIn(bobs, "bob@example.com"));
        store().addAddIn(orgAddIn(orgs));

        assertThat(store().removeUser("alice@example.com")).isTrue();

        assertThat(store().listAddIns()).extracting(AddIn::id).containsExactlyInAnyOrder(bobs, orgs);
    }
}
