package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The administration area's contract ({@link AdminStore}), on SQLite and on PostgreSQL. */
class AdminStoreTest {

    static final Instant T0 = Instant.parse("2026-02-01T09:00:00.123456Z");

    @TempDir Path dir;

    static AdminEvent event(Instant at, String actor, String action, String target) {
        return new AdminEvent(UUID.randomUUID(), at, actor, "192.0.2.7", action, target, "detail of " + action);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void theAdminRoleIsGrantedOnceRevokedOnceAndFoundInAnyCase(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            AdminStore admin = opened.db().adminStore();

            assertThat(admin.grantAdmin("Bob@Contoso.com", "setup", T0)).isTrue();
            assertThat(admin.grantAdmin("bob@contoso.com", "setup", T0)).isFalse();
            assertThat(admin.grantAdmin("alice@contoso.com", "bob@contoso.com", T0)).isTrue();

            assertThat(admin.isAdmin(" BOB@contoso.com ")).isTrue();
            assertThat(admin.isAdmin("carol@contoso.com")).isFalse();
            assertThat(admin.admins()).containsExactly("alice@contoso.com", "bob@contoso.com");
            assertThat(admin.revokeAdmin("bob@contoso.com")).isTrue();
            assertThat(admin.revokeAdmin("bob@contoso.com")).isFalse();
            assertThat(admin.admins()).containsExactly("alice@contoso.com");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void apiKeysRoundTripAreListedOldestFirstAndGoWithTheirOwner(TestDatabases.Opener opener) throws Exception {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            AdminStore admin = opened.db().adminStore();
            ApiKey newer = new ApiKey("k2", "deploy", "alice@contoso.com", "hash-2", T0.plusSeconds(5));
            ApiKey older = new ApiKey("k1", "backup", "alice@contoso.com", "hash-1", T0);
            ApiKey bobs = new ApiKey("k3", "mine", "bob@contoso.com", "hash-3", T0.plusSeconds(9));
            admin.addApiKey(newer);
            admin.addApiKey(older);
            admin.addApiKey(bobs);

            assertThatThrownBy(() -> admin.addApiKey(new ApiKey("k1", "again", "bob@contoso.com", "h", T0)))
                    .isInstanceOf(DuplicateException.class);
            assertThat(admin.findApiKey("k1")).contains(older);
            assertThat(admin.findApiKey("k1").orElseThrow().createdAt()).isEqualTo(Instant.parse("2026-02-01T09:00:00.123Z"));
            assertThat(admin.findApiKey("nope")).isEmpty();
            assertThat(admin.apiKeys()).containsExactly(older, newer, bobs);

            assertThat(admin.removeApiKeysOf("Alice@Contoso.com")).isEqualTo(2);
            assertThat(admin.removeApiKey("k3")).isTrue();
            assertThat(admin.removeApiKey("k3")).isFalse();
            assertThat(admin.apiKeys()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void eventsReadBackNewestFirstFilteredAndPaged(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            AdminStore admin = opened.db().adminStore();
            AdminEvent first = event(T0, "alice@contoso.com", "addin.install", "crm");
            AdminEvent second = event(T0.plusSeconds(60), "Bob@contoso.com", "user.add", "carol@contoso.com");
            AdminEvent third = event(T0.plusSeconds(120), "alice@contoso.com", "addin.remove", "CRM");
            List.of(first, second, third).forEach(admin::append);

            assertThat(admin.events(null, null, null, null, null, 0, 10)).containsExactly(third, second, first);
            assertThat(admin.events("ALICE@contoso.com", null, null, null, null, 0, 10)).containsExactly(third, first);
            assertThat(admin.events(null, "addin.", "crm", null, null, 0, 10)).containsExactly(third, first);
            assertThat(admin.events(null, "%", null, null, null, 0, 10)).as("wildcards in the prefix are no wildcards")
                    .hasSize(3);
            assertThat(admin.events(null, null, null, T0.plusSeconds(60), T0.plusSeconds(120), 0, 10))
                    .containsExactly(second);
            assertThat(admin.events(null, null, null, null, null, 1, 1)).containsExactly(second);
            assertThatThrownBy(() -> admin.events(null, null, null, null, null, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void failuresNameTheOperationButNoValues(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.open(dir)) {
            AdminStore admin = new AdminStore(opened.db().dataSource()); // not migrated: no tables

            assertThatThrownBy(() -> admin.addApiKey(new ApiKey("k1", "n", "alice@contoso.com", "SECRET-HASH", T0)))
                    .isInstanceOf(StoreException.class).hasMessageStartingWith("add API key failed")
                    .satisfies(e -> StoreFixtures.assertNoValueInChain(e, "SECRET-HASH"));
        }
    }
}
