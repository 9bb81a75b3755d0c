package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.config.Setting;

/** The check the identity settings' tests share: a bad combination is refused at start-up, naming what is wrong. */
final class SettingsRefusal {

    private SettingsRefusal() {
    }

    static void assertRefused(Map<Setting, String> settings, String naming) {
        assertThatThrownBy(() -> ServerConfig.defaults(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(naming);
    }
}
