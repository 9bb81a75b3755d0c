package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.ewstoken.store.StoreFixtures.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the signing keys area ({@link SigningKeyStore}) of every {@link Store} must do, whatever the database:
 * {@link StoreContract} runs it on each database with a fresh, empty, migrated store per test.
 */
interface KeyStoreContract {

    /** The store under test. */
    Store store();

    @Test
    default void keysRoundTripAndAreListedInCreationOrder() throws Exception {
        StoredKey newer = key("newer", T0.plusSeconds(60));
        StoredKey older = new StoredKey("older", "MIIBolder==", "sealed", T0, T0.plusSeconds(5), T0.plusSeconds(90));
        store().addKey(newer);
        store().addKey(older);

        assertThat(store().listKeys()).containsExactly(older, newer);
    }

    @Test
    default void aSecondKeyWithTheSameKeyIdIsRefused() throws Exception {
        store().addKey(key("k1", T0));

        assertThatThrownBy(() -> store().addKey(key("k1", T0.plusSeconds(1))))
                .isInstanceOf(DuplicateException.class);
        assertThat(store().listKeys()).hasSize(1);
    }

    @Test
    default void aKeyIsRetiredOnlyOnce() throws Exception {
        store().addKey(key("k1", T0_MS));
        Instant first = T0_MS.plus(Duration.ofDays(1));

        assertThat(store().retireKey("k1", first)).isTrue();
        assertThat(store().retireKey("k1", first.plusSeconds(1))).isFalse();
        assertThat(store().listKeys().get(0).retiredAt()).isEqualTo(first);
        assertThat(store().retireKey("unknown", first)).isFalse();
    }

    @Test
    default void deletingAKeyReportsWhetherItExisted() throws Exception {
        store().addKey(key("k1", T0_MS));

        assertThat(store().deleteKey("k1")).isTrue();
        assertThat(store().listKeys()).isEmpty();
        assertThat(store().deleteKey("k1")).isFalse();
    }

    @Test
    default void rotationRetiresEverySigningKeyWhenTheNewOneActivatesAndAddsIt() throws Exception {
        Instant longAgo = T0_MS.minus(Duration.ofDays(30));
        store().addKey(new StoredKey("old", "c", "s", longAgo, longAgo, T0_MS.minus(Duration.ofDays(1))));
        store().addKey(key("current", T0_MS.minus(Duration.ofDays(2))));
        store().addKey(key("standby", T0_MS.minus(Duration.ofDays(1))));
        Instant activates = T0_MS.plus(Duration.ofHours(1));
        StoredKey next = new StoredKey("next", "c", "s", T0_MS, activates, null);

        store().rotateKey(next);

        assertThat(store().listKeys()).extracting(StoredKey::keyId, StoredKey::retiredAt).containsExactly(
                tuple("old", T0_MS.minus(Duration.ofDays(1))),
                tuple("current", activates),
                tuple("standby", activates),
                tuple("next", null));
    }

    @Test
    default void aFailedRotationChangesNothing() throws Exception {
        store().addKey(key("current", T0_MS));
        StoredKey clash = key("current", T0_MS.plusSeconds(60));

        assertThatThrownBy(() -> store().rotateKey(clash)).isInstanceOf(IllegalArgumentException.class);

        // The retiring UPDATE ran before the insert failed, and was rolled back with it.
        assertThat(store().listKeys()).extracting(StoredKey::retiredAt).containsOnlyNulls();
    }

    @Test
    default void rotationRefusesANewKeyThatIsAlreadyRetired() {
        StoredKey retired = new StoredKey("k", "c", "s", T0_MS, T0_MS, T0_MS.plusSeconds(1));

        assertThatThrownBy(() -> store().rotateKey(retired)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void aConditionalRotationRotatesOnlyIfNoKeyWasCreatedSinceTheGivenInstant() throws Exception {
        store().addKey(key("current", T0_MS));
        Instant activates = T0_MS.plus(Duration.ofDays(30)).plus(Duration.ofMinutes(10));
        StoredKey next = new StoredKey("next", "c", "s", T0_MS.plus(Duration.ofDays(30)), activates, null);

        assertThat(store().rotateKeyUnlessCreatedSince(T0_MS.plusMillis(1), next)).isTrue();
        assertThat(store().rotateKeyUnlessCreatedSince(T0_MS.plusMillis(1),
                key("again", T0_MS.plus(Duration.ofDays(31))))).isFalse();

        assertThat(store().listKeys()).extracting(StoredKey::keyId, StoredKey::retiredAt)
                .containsExactly(tuple("current", activates), tuple("next", null));
    }

    @Test
    default void concurrentRotationsAreSerializedAndLeaveExactlyOneSigningKey() throws Exception {
        store().addKey(key("initial", T0));

        runConcurrently(6, i -> {
            store().rotateKey(key("rotated-" + i, T0.plusSeconds(i + 1)));
            return null;
        });

        assertThat(store().listKeys()).hasSize(7).filteredOn(k -> k.retiredAt() == null).hasSize(1);
    }

    @Test
    default void concurrentConditionalRotationsCreateExactlyOneKey() throws Exception {
        store().addKey(key("initial", T0));
        Instant since = T0.plus(Duration.ofDays(30));

        List<Boolean> rotated = runConcurrently(6, i ->
                store().rotateKeyUnlessCreatedSince(since, key("node-" + i, since.plusSeconds(1))));

        assertThat(rotated).containsOnlyOnce(true);
        assertThat(store().listKeys()).hasSize(2).filteredOn(k -> k.retiredAt() == null).hasSize(1);
    }
}
