package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The add-in client table (V20) on both databases: secret and audience set independently, ids without case. */
class AddInClientsTest {

    static final String ID = "1c50226d-04b5-4ab2-9fcd-42e236b59e4b";
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(TestDatabases.BOTH)
    void theSecretHashAndTheAudienceAreSetIndependentlyAndReplaced(TestDatabases.Opener opener) {
        try (TestDatabases.Opened opened = opener.migrated(dir)) {
            AddInClients clients = opened.db().addInClients();
            assertThat(clients.find(ID)).isEmpty();

            clients.setBackendAudience(ID.toUpperCase(), "https://api.contoso.com/", T0);
            clients.setSecretHash(ID, "$argon2id$one", T0.plusSeconds(1));
            assertThat(clients.find(ID.toUpperCase())).contains(new AddInClient(ID, "$argon2id$one",
                    "https://api.contoso.com/", Instant.parse("2026-01-01T10:00:01.123Z")));

            clients.setSecretHash(ID, "$argon2id$two", T0.plusSeconds(2));
            clients.setBackendAudience(ID, null, T0.plusSeconds(3));
            AddInClient now = clients.find(ID).orElseThrow();
            assertThat(now.secretHash()).isEqualTo("$argon2id$two");
            assertThat(now.audience()).isEmpty();
            assertThat(now.toString()).doesNotContain("argon2");
        }
    }
}
