package org.ewstoken.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ewstoken selftest}: a whole server, tokens over HTTP and their validation, nothing left behind. */
class SelftestTest {

    @Test
    void aThrowawayServerIssuesTokensThatValidate() {
        CliRunner.Result r = CliRunner.run(Map.of(), "", "selftest");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("selftest passed:").contains("/autodiscover/metadata/json/1");
    }

    @Test
    void aChosenPortIsUsedAndATakenOneIsSaidSo() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CliRunner.Result r = CliRunner.run(Map.of(), "", "selftest", "--port", Integer.toString(port));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("http://127.0.0.1:" + port + "/autodiscover/metadata/json/1");

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRunner.Result busy = CliRunner.run(Map.of(), "", "selftest", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(busy.exitCode()).isEqualTo(1);
            assertThat(busy.err()).startsWith("ewstoken: cannot listen on 127.0.0.1:" + taken.getLocalPort()).hasLineCount(1);
        }
    }

    @Test
    void onlyTheCryptoProviderIsTakenFromTheEnvironment() {
        CliRunner.Result r = CliRunner.run(Map.of("EWSTOKEN_CRYPTO_PROVIDER", "jdk",
                "EWSTOKEN_STORE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere", "EWSTOKEN_PORT", "1"), "", "selftest");

        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void anUnknownProviderIsRefusedWithTheSettingsMessage() {
        CliRunner.Result r = CliRunner.run(Map.of("EWSTOKEN_CRYPTO_PROVIDER", "quantum"), "", "selftest");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("crypto-provider");
    }
}
