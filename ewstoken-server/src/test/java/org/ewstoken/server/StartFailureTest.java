package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails part-way leaves nothing behind: the port is free again, the next start works. */
class StartFailureTest {

    @TempDir Path dir;

    @Test
    void aFailedPreparationReleasesThePortAndTheDatabase() throws Exception {
        ServerConfig config = config(freePort(), "auto");

        assertThatThrownBy(() -> EwsTokenServer.start(config, Clock.systemUTC(), installation -> {
            throw new IllegalStateException("preparation failed");
        })).hasMessage("preparation failed");

        try (EwsTokenServer again = EwsTokenServer.start(config)) {
            assertThat(again.port()).isEqualTo(config.port());
        }
    }

    @Test
    void anUnknownSigningProviderFailsTheStartAndReleasesThePort() throws Exception {
        int port = freePort();

        assertThatThrownBy(() -> EwsTokenServer.start(config(port, "quantum")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crypto-provider");

        try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(free.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortInUseFailsTheStartAndALaterStartOnTheSameDataDirectoryWorks() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConfig config = config(taken.getLocalPort(), "auto");
            assertThatThrownBy(() -> EwsTokenServer.start(config)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + ": the port " + taken.getLocalPort()
                            + " is in use");
        }
        try (EwsTokenServer server = EwsTokenServer.start(config(0, "auto"))) {
            assertThat(server.port()).isPositive();
        }
    }

    private ServerConfig config(int port, String provider) {
        return ServerConfig.defaults(Map.of(CoreSettings.PORT, Integer.toString(port), CoreSettings.DATA_DIR, dir.toString(),
                CoreSettings.CRYPTO_PROVIDER, provider, CoreSettings.ARGON2_MEMORY_KIB, "1024", CoreSettings.ARGON2_ITERATIONS, "1"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
