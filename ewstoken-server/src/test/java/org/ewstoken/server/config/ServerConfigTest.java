package org.ewstoken.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    @TempDir Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig c = ServerConfig.defaults(Map.of());
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.identityTokenLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(c.callbackTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(c.effectivePublicUrl(8080)).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = dir.resolve("ewstoken.properties");
        Files.writeString(file, "port=7000\nbind=0.0.0.0\nidentity-token-lifetime=2h\npublic-url=https://file.example/\n");
        Map<String, String> env = Map.of("EWSTOKEN_PORT", "7100", "EWSTOKEN_PUBLIC_URL", "https://mail.contoso.com");
        ServerConfig c = ServerConfig.resolve(Map.of(CoreSettings.PORT, "7200"), env, Optional.of(file));
        assertThat(c.port()).isEqualTo(7200);
        assertThat(c.publicUrl()).isEqualTo(URI.create("https://mail.contoso.com"));
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.identityTokenLifetime()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(ServerConfig.parseDuration("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(ServerConfig.parseDuration("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ServerConfig.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ServerConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ServerConfig.parseDuration("PT8H")).isEqualTo(Duration.ofHours(8));
        assertThatThrownBy(() -> ServerConfig.parseDuration("soon")).isInstanceOf(ConfigException.class);
    }

    @Test
    void anUnknownSettingInTheFileIsRefusedByName() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "prot=1\n");
        assertThatThrownBy(() -> ServerConfig.resolve(Map.of(), Map.of(), Optional.of(file)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown setting 'prot'");
    }

    @Test
    void theMasterKeyIsNeverPrinted() {
        String key = org.ewstoken.tokens.MasterKey.generate().toBase64();
        ServerConfig c = ServerConfig.defaults(Map.of(CoreSettings.MASTER_KEY, key));
        assertThat(c.masterKey()).contains(key);
        assertThat(c.toString()).doesNotContain(key).contains("masterKey=***");
    }

    @Test
    void aSecretValueIsNeverEchoedInAnError() {
        assertThatThrownBy(() -> ServerConfig.defaults(Map.of(CoreSettings.PUBLIC_URL, "https://")))
                .isInstanceOf(ConfigException.class);
    }
}
