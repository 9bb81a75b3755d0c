package org.ewstoken.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings for PostgreSQL, keys across nodes and the audit log. */
class ClusterConfigTest {

    @TempDir Path dir;

    static ServerConfig env(Map<String, String> environment) {
        return ServerConfig.resolve(Map.of(), environment, Optional.empty());
    }

    @Test
    void theEmbeddedStoreIsTheDefaultAndKeysArePrePublishedWithoutASchedule() {
        ServerConfig c = env(Map.of());

        assertThat(c.store().postgres()).isEmpty();
        assertThat(c.store().migrateOnStart()).isTrue();
        assertThat(c.cluster().keyPrePublication()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.cluster().scheduledRotation()).isFalse();
        assertThat(c.cluster().auditRetention()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void aPostgresqlStoreReadsItsPasswordFromAFileAndNeverPrintsIt() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "S3CRET-PW\n");
        ServerConfig c = env(Map.of("EWSTOKEN_STORE_URL", "jdbc:postgresql://db:5432/ewstoken?password=IN-URL",
                "EWSTOKEN_STORE_USER", "app", "EWSTOKEN_STORE_PASSWORD_FILE", secret.toString(),
                "EWSTOKEN_STORE_POOL_SIZE", "20", "EWSTOKEN_KEY_ROTATION_INTERVAL", "30d"));

        var postgres = c.store().postgres().orElseThrow();
        assertThat(postgres.password()).isEqualTo("S3CRET-PW");
        assertThat(postgres.user()).isEqualTo("app");
        assertThat(postgres.poolSize()).isEqualTo(20);
        assertThat(c.cluster().keyRotationInterval()).isEqualTo(Duration.ofDays(30));
        assertThat(c.toString() + postgres).doesNotContain("S3CRET-PW", "IN-URL");
    }
}
