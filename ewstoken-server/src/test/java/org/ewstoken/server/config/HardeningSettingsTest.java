package org.ewstoken.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.protocol.ParserLimits;
import org.junit.jupiter.api.Test;

/** The request limits, throttling and listener settings: documented defaults (refused nonsense: BadSettingsTest). */
class HardeningSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig c = ServerConfig.defaults(Map.of());

        assertThat(c.limits()).isEqualTo(new RequestLimits(8192, 10_000, 65_536, 8192, Duration.ofSeconds(30),
                Duration.ofSeconds(30), 1000, 200));
        assertThat(c.limits().parserLimits(c.maxXmlDepth(), c.maxTokenRequests()))
                .isEqualTo(new ParserLimits(32, 10_000, 65_536, 8192, 32, 100));
        assertThat(c.throttling()).isEqualTo(new ThrottlePolicy(27, 300, 300, 5, 20, Duration.ofMinutes(5),
                Duration.ofMinutes(15)));
        assertThat(c.listeners()).isEqualTo(new ListenerSettings(true, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false));
    }

    @Test
    void environmentVariablesSetThem() {
        ServerConfig c = ServerConfig.resolve(Map.of(), Map.of("EWSTOKEN_USER_MAX_CONCURRENCY", "5",
                "EWSTOKEN_MAX_HEADER_BYTES", "16384", "EWSTOKEN_HTTPS_PORT", "8443", "EWSTOKEN_TLS_CERTIFICATE", "/etc/x.p12"),
                Optional.empty());

        assertThat(c.throttling().userMaxConcurrency()).isEqualTo(5);
        assertThat(c.limits().maxHeaderBytes()).isEqualTo(16_384);
        assertThat(c.listeners().httpsPort()).hasValue(8443);
    }

    @Test
    void theTlsPasswordNeverShowsInToString() {
        ServerConfig c = ServerConfig.defaults(Map.of(ListenerSettings.HTTPS_PORT, "0", ListenerSettings.TLS_CERTIFICATE, "x.p12",
                ListenerSettings.TLS_PASSWORD, "hunter2-secret"));
        assertThat(c.toString()).doesNotContain("hunter2-secret");
    }
}
