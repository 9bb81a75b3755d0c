package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.store.StoreFixtures.*;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the settings area ({@link SettingStore}) of every {@link Store} must do, whatever the database:
 * {@link StoreContract} runs it on each database with a fresh, empty, migrated store per test.
 */
interface SettingStoreContract {

    /** The store under test. */
    Store store();

    @Test
    default void aSettingIsSetOnceAndThenKeepsItsFirstValue() {
        assertThat(store().setting("metadata.id")).isEmpty();

        assertThat(store().settingIfAbsent("metadata.id", "first")).isEqualTo("first");
        assertThat(store().settingIfAbsent("metadata.id", "second")).isEqualTo("first");
        assertThat(store().setting("metadata.id")).contains("first");
    }

    @Test
    default void concurrentSettersAllAgreeOnOneValue() throws Exception {
        List<String> answers = runConcurrently(8, i -> store().settingIfAbsent("metadata.id", "value-" + i));

        assertThat(new HashSet<>(answers)).hasSize(1);
        assertThat(store().setting("metadata.id")).contains(answers.get(0));
    }
}
