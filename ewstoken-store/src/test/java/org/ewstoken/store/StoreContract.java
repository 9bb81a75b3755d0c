package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.store.StoreFixtures.*;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, whatever the database: the area contracts ({@link UserStoreContract},
 * {@link AddInStoreContract}, {@link KeyStoreContract}, {@link SettingStoreContract}) and what spans the
 * areas (concurrency, lifecycle, failures). A subclass supplies the database: each test gets a fresh,
 * empty, migrated one.
 */
abstract class StoreContract implements UserStoreContract, AddInStoreContract, KeyStoreContract,
        SettingStoreContract {

    Store store;

    /** A store over a new, empty database. */
    abstract Store newStore();

    /** Another store over the database of the last {@link #newStore()}, as after a restart. */
    abstract Store reopenStore();

    @Override
    public Store store() {
        return store;
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close(); // null when the test was skipped before it opened one
    }

    // ================================================================ concurrency

    @Test
    void eightThreadsAddingUsersAllSucceed() throws Exception {
        int perThread = 25;
        runConcurrently(8, t -> {
            for (int i = 0; i < perThread; i++) {
                store.addUser(user("user" + t + "-" + i + "@example.com"));
            }
            return null;
        });

        assertThat(store.listUsers()).hasSize(8 * perThread);
    }

    // ================================================================ lifecycle

    @Test
    void dataSurvivesCloseAndReopen() throws Exception {
        User alice = user("alice@example.com");
        AddIn addIn = userAddIn("abcdef01-2345-6789-abcd-ef0123456789", "alice@example.com");
        StoredKey key = key("k1", T0);
        store.addUser(alice);
        store.addAddIn(addIn);
        store.addKey(key);
        store.settingIfAbsent("metadata.id", "doc-1");
        store.close();

        store = reopenStore();

        assertThat(store.findUser("alice@example.com")).contains(alice);
        assertThat(store.findAddIn(addIn.id())).contains(addIn);
        assertThat(store.listKeys()).containsExactly(key);
        assertThat(store.setting("metadata.id")).contains("doc-1");
    }

    @Test
    void isHealthyWhileOpenAndNotAfterClose() {
        assertThat(store.isHealthy()).isTrue();

        store.close();

        assertThat(store.isHealthy()).isFalse();
    }

    @Test
    void failuresNameTheOperationButNoParameterValues() {
        store.close();
        User secretive = new User("alice@example.com", "Alice", UUID.randomUUID(), "SECRET-HASH", T0);

        assertThatThrownBy(() -> store.addUser(secretive))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("add user failed")
                .satisfies(e -> assertNoValueInChain(e, "SECRET-HASH", "alice@example.com"));
        assertThatThrownBy(() -> store.updatePasswordHash("alice@example.com", "SECRET-HASH"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("update password hash failed")
                .satisfies(e -> assertNoValueInChain(e, "SECRET-HASH", "alice@example.com"));
        assertThatThrownBy(() -> store.settingIfAbsent("secret.name", "SECRET-VALUE"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("write setting failed")
                .satisfies(e -> assertNoValueInChain(e, "SECRET-VALUE", "secret.name"));
    }
}
