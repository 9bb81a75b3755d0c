package org.ewstoken.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.ewstoken.store.SqliteStore;
import org.ewstoken.store.Store;
import org.ewstoken.testkit.RequiredService;
import org.ewstoken.testkit.TestClock;
import org.ewstoken.tokens.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {

    static final Duration LIFETIME = Duration.ofHours(8);

    @TempDir Path dir;


    @Test
    void theFirstOpenCreatesOneSigningKey() {
        try (Store store = SqliteStore.open(dir.resolve("db"))) {
            KeyRing ring = KeyRing.open(store, MasterKey.generate(), TestClock.at("2026-11-24T10:00:00Z"), LIFETIME, "mail.contoso.com");
            assertThat(ring.snapshot().keys()).singleElement()
                    .satisfies(k -> assertThat(k.state()).isEqualTo(KeyRing.State.SIGNING));
            assertThat(ring.snapshot().published()).hasSize(1);
            assertThat(ring.signingKey().certificate().getSubjectX500Principal().getName()).contains("mail.contoso.com");
        }
    }

    @Test
    void keysMadeByTheNativeProviderSignWithItAndReopenWithTheJdk() throws Exception {
        var accp = AmazonCorrettoCryptoProvider.INSTANCE;
        RequiredService.assume("The native crypto provider",
                accp.getLoadingError() == null ? null : "it did not load: " + accp.getLoadingError());
        MasterKey master = MasterKey.generate();
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        try (Store store = SqliteStore.open(dir.resolve("db"))) {
            KeyRing ring = KeyRing.open(store, master, Clock.systemUTC(), new KeyRing.Policy(LIFETIME, Duration.ZERO,
                    Duration.ZERO), "mail.contoso.com", accp);
            var key = ring.signingKey();
            assertThat(key.privateKey().getClass().getName()).startsWith("com.amazon.corretto");
            var signer = Signature.getInstance("SHA256withRSA", accp);
            signer.initSign(key.privateKey());
            signer.update(data);
            byte[] signature = signer.sign();

            KeyRing reopened = KeyRing.open(store, master, Clock.systemUTC(), LIFETIME, "mail.contoso.com");
            var jdk = Signature.getInstance("SHA256withRSA");
            jdk.initVerify(reopened.signingKey().certificate().getPublicKey());
            jdk.update(data);
            assertThat(jdk.verify(signature)).isTrue();
            assertThat(reopened.signingKey().keyId()).isEqualTo(key.keyId());
        }
    }

    @Test
    void aRetiredKeyStaysPublishedExactlyAsLongAsItsLastTokenLives() {
        TestClock clock = TestClock.at("2026-11-24T10:00:00Z");
        try (Store store = SqliteStore.open(dir.resolve("db"))) {
            KeyRing ring = KeyRing.open(store, MasterKey.generate(), clock, LIFETIME, "mail.contoso.com");
            String old = ring.signingKey().keyId();
            ring.rotate();
            assertThat(ring.signingKey().keyId()).isNotEqualTo(old);
            assertThat(ring.snapshot().published()).hasSize(2);

            clock.advance(LIFETIME.minusSeconds(1));
            assertThat(ring.refresh().published()).hasSize(2);

            clock.advance(Duration.ofSeconds(1));
            KeyRing.Snapshot later = ring.refresh();
            assertThat(later.published()).hasSize(1);
            assertThat(later.keys()).filteredOn(k -> k.keyId().equals(old))
                    .singleElement().satisfies(k -> assertThat(k.state()).isEqualTo(KeyRing.State.EXPIRED));
        }
    }

    @Test
    void keysSurviveAReopenWithTheSameMasterKeyButNotWithAnother() {
        MasterKey master = MasterKey.generate();
        String id;
        try (Store store = SqliteStore.open(dir.resolve("db"))) {
            id = KeyRing.open(store, master, Clock.systemUTC(), LIFETIME, "h").signingKey().keyId();
        }
        try (Store store = SqliteStore.open(dir.resolve("db"))) {
            assertThat(KeyRing.open(store, master, Clock.systemUTC(), LIFETIME, "h").signingKey().keyId()).isEqualTo(id);
        }
        try (Store store = SqliteStore.open(dir.resolve("db"))) {
            assertThatThrownBy(() -> KeyRing.open(store, MasterKey.generate(), Clock.systemUTC(), LIFETIME, "h"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("master key");
        }
    }
}
