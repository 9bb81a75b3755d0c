package org.ewstoken.server.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One rule for every setting: a value that makes no sense, or settings that contradict each other,
 * stop the start with an error naming the setting, so the operator knows which line to fix.
 */
class BadSettingsTest {

    @ParameterizedTest(name = "{0} is refused naming ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
            EWSTOKEN_PORT=eighty                                          | port
            EWSTOKEN_PUBLIC_URL=ftp://x                                   | public-url
            EWSTOKEN_CALLBACK_TOKEN_LIFETIME=0s                           | callback-token-lifetime
            EWSTOKEN_MAX_HEADER_BYTES=10                                  | max-header-bytes
            EWSTOKEN_USER_BURST=0                                         | user-burst
            EWSTOKEN_LOGIN_LOCKOUT_MAX=10ms                               | login-lockout-max
            EWSTOKEN_REQUEST_TIMEOUT=0s                                   | request-timeout
            EWSTOKEN_HTTPS_PORT=8443                                      | tls-certificate
            EWSTOKEN_STORE_URL=jdbc:mysql://db/x                          | store-url
            EWSTOKEN_STORE_PASSWORD=a; EWSTOKEN_STORE_PASSWORD_FILE=/f    | not both
            EWSTOKEN_KEY_PRE_PUBLICATION=10s                              | key-refresh-interval
            EWSTOKEN_KEY_ROTATION_INTERVAL=5m                             | longer than key-pre-publication
            EWSTOKEN_MIGRATE_ON_START=maybe                               | migrate-on-start
            EWSTOKEN_NODE_NAME=a b                                        | node-name
            """)
    void aBadValueIsRefusedNamingTheSetting(String environment, String named) {
        assertThatThrownBy(() -> ServerConfig.resolve(Map.of(), parse(environment), Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(named);
    }

    /** "A=1; B=2" as an environment. */
    private static Map<String, String> parse(String environment) {
        return Arrays.stream(environment.split(";"))
                .map(pair -> pair.strip().split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }
}
