package org.ewstoken.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
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

    public ConsoleSettings {
        adminPort.ifPresent(p -> {
            if (p < 0 || p > 65535) throw new ConfigException("admin-port must be 0..65535, was " + p);
        });
        if (adminBind.isPresent() && adminPort.isEmpty()) {
            throw new ConfigException("admin-bind needs admin-port: set both to give the console its own listener");
        }
        effective = Collections.unmodifiableMap(new LinkedHashMap<>(effective));
    }

    /** Whether the console and the admin API are served. */
    public boolean on() {
        return enabled.orElse(false);
    }

    /** Whether a setting holds a secret, by name: passwords, secrets, keys (so later settings are covered too). */
    public static boolean secret(Setting s) {
        String k = s.key().toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.equals("master-key") || k.contains("private-key")
                || k.contains("credential") || k.contains("token-value");
    }

    /** A value as the console may show it: secrets only as set or not; URLs without their query. */
    static String shown(Setting s, String value) {
        if (secret(s)) return value == null || value.isEmpty() ? "" : "(set)";
        if (value != null && value.contains("://") && value.contains("?")) return value.substring(0, value.indexOf('?')) + "?…";
        return value == null ? "" : value;
    }
}
