package org.ewstoken.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ewstoken.store.SqliteStore;
import org.ewstoken.store.Store;
import org.ewstoken.store.StoredKey;
import org.ewstoken.testkit.TestClock;
import org.ewstoken.tokens.MasterKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pre-publication, the switch to a new key at its activation instant, and rotation on a schedule,
 * with two key rings on one store standing for two nodes.
 */
class KeyScheduleTest {

    static final Duration LIFETIME = Duration.ofHours(8);
    static final Duration PRE_PUBLICATION = Duration.ofMinutes(10);
    static final Duration INTERVAL = Duration.ofDays(30);
    static final KeyRing.Policy POLICY = new KeyRing.Policy(LIFETIME, PRE_PUBLICATION, INTERVAL);

    @TempDir Path dir;
    final TestClock clock = TestClock.at("2026-11-24T10:00:00Z");
    final MasterKey master = MasterKey.generate();
    Store store;

    @BeforeEach
    void openStore() {
        store = SqliteStore.open(dir.resolve("db"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** A node: a key ring on the shared store, clock and master key. */
    KeyRing node(KeyRing.Policy policy) {
        return KeyRing.open(store, master, clock, policy, "h");
    }

    @Test
    void aPrePublishedKeyIsPublishedAtOnceButSignsOnlyFromItsActivationEvenWithoutARefresh() {
        KeyRing ring = node(POLICY);
        String old = ring.signingKey().keyId();

        KeyRing.KeyStatus next = ring.rotate(ring.prePublication());

        assertThat(next.state()).isEqualTo(KeyRing.State.PENDING);
        assertThat(next.activatesAt()).isEqualTo(clock.instant().plus(PRE_PUBLICATION));
        assertThat(ring.snapshot().published()).hasSize(2);
        assertThat(ring.snapshot().publishedAt(clock.instant()).get(0)).isEqualTo(ring.signingKey().certificate());
        assertThat(ring.signingKey().keyId()).isEqualTo(old);
        clock.set(next.activatesAt().minusMillis(1));
        assertThat(ring.signingKey().keyId()).isEqualTo(old);
        clock.set(next.activatesAt());
        assertThat(ring.signingKey().keyId()).isEqualTo(next.keyId());
        // Signing first in the document from that instant, before any refresh; after one, too.
        assertThat(ring.snapshot().publishedAt(clock.instant())).first().isEqualTo(ring.signingKey().certificate());
        assertThat(ring.refresh().published()).first().isEqualTo(ring.signingKey().certificate());
        // The old key stays published for the lifetime of the last token it signed.
        assertThat(ring.refresh().keys()).filteredOn(k -> k.keyId().equals(old)).singleElement()
                .satisfies(k -> assertThat(k.unpublishedAt()).isEqualTo(next.activatesAt().plus(LIFETIME)));
    }

    @Test
    void anotherNodeSeesARotationAtItsNextRefreshAndSwitchesAtTheSameInstant() {
        KeyRing a = node(POLICY);
        KeyRing b = node(POLICY);
        KeyRing.KeyStatus next = a.rotate(a.prePublication());

        assertThat(b.snapshot().published()).hasSize(1); // not yet refreshed
        clock.advance(Duration.ofSeconds(30));
        assertThat(b.refresh().published()).hasSize(2);

        clock.set(next.activatesAt());
        assertThat(a.signingKey().keyId()).isEqualTo(next.keyId());
        assertThat(b.signingKey().keyId()).isEqualTo(next.keyId());
    }

    @Test
    void twoNodesStartingOnAnEmptyStoreCreateExactlyOneFirstKey() {
        KeyRing a = node(POLICY);
        KeyRing b = node(POLICY);

        assertThat(store.listKeys()).hasSize(1);
        assertThat(b.signingKey().keyId()).isEqualTo(a.signingKey().keyId());
    }

    @Test
    void scheduledRotationHappensOnceWhenDueWhicheverNodesAsk() {
        KeyRing a = node(POLICY);
        KeyRing b = node(POLICY);

        clock.advance(INTERVAL);
        assertThat(a.rotateIfDue()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(a.rotateIfDue()).hasValueSatisfying(k -> {
            assertThat(k.state()).isEqualTo(KeyRing.State.PENDING);
            assertThat(k.activatesAt()).isEqualTo(clock.instant().plus(PRE_PUBLICATION));
        });
        assertThat(b.rotateIfDue()).as("b's snapshot is stale, but the store says no").isEmpty();
        assertThat(a.rotateIfDue()).isEmpty();

        List<StoredKey> keys = store.listKeys();
        assertThat(keys).hasSize(2);
        assertThat(b.snapshot().keys()).hasSize(2);
    }

    @Test
    void withoutAnIntervalThereIsNoScheduledRotation() {
        KeyRing ring = node(new KeyRing.Policy(LIFETIME, Duration.ZERO, Duration.ZERO));
        clock.advance(Duration.ofDays(3650));

        assertThat(ring.rotateIfDue()).isEmpty();
        assertThat(store.listKeys()).hasSize(1);
    }
}
