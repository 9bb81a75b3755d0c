package org.ewstoken.server.config;

import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web console and admin API (docs/deployment.md).
 *
 * @param enabled   console-enabled as set; empty: not set, which means on with {@code serve --demo} only
 * @param adminBind the address of a separate admin listener (default: bind)
 * @param adminPort the port of a separate admin listener; empty: the console shares the main listener
 * @param effective every setting's effective value as text, secrets masked: what the console shows
 */
public record ConsoleSettings(Optional<Boolean> enabled, Optional<String> adminBind, Optional<Integer> adminPort,
                              Map<String, String> effective) {

    public static final Setting CONSOLE_ENABLED = new Setting("console-enabled", "",
            "Serve the web console at /console and the admin API at /api/admin (default: true with 'serve --demo', "
                    + "else false).");
    public static final Setting ADMIN_BIND = new Setting("admin-bind", "",
            "Address of a separate listener for the console and admin API (default: bind); needs admin-port.");
    public static final Setting ADMIN_PORT = new Setting("admin-port", "",
            "Port of a separate listener for the console and admin API, which the main listener then does not "
                    + "serve (0 = any free port; default: the main listener serves them).");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(CONSOLE_ENABLED, ADMIN_BIND, ADMIN_PORT);

    /** Reads this record from the configuration, with every setting's effective value for the console to show. */
    static ConsoleSettings from(SettingValues v) {
        Map<String, String> effective = new LinkedHashMap<>();
        for (Setting s : Setting.ALL) effective.put(s.key(), shown(s, v.get(s)));
        return new ConsoleSettings(v.optionalBool(CONSOLE_ENABLED), v.optional(ADMIN_BIND), v.optionalInteger(ADMIN_PORT),
                effective);
    }

    public ConsoleSettings {
        Checks.port(ADMIN_PORT, adminPort);
        if (adminBind.isPresent() && adminPort.isEmpty()) {
            throw new ConfigException("admin-bind needs admin-port: set both to give the console its own listener");
        }
        effective = Collections.unmodifiableMap(new LinkedHashMap<>(effective));
    }

    /** Whether the console and the admin API are served. */
    public boolean on() {
        return enabled.orElse(false);
    }

    /** A value as the console may show it: secrets only as set or not; URLs without their query. */
    static String shown(Setting s, String value) {
        if (s.secret()) return value == null || value.isEmpty() ? "" : "(set)";
        if (value != null && value.contains("://") && value.contains("?")) return value.substring(0, value.indexOf('?')) + "?…";
        return value == null ? "" : value;
    }
}
