package org.ewstoken.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The values of the settings as configured, for the settings records to read themselves
 * ({@code XxxSettings.from}). Each setting is taken from, in order of precedence: a command-line
 * option, an environment variable ({@code EWSTOKEN_*}), the configuration file, the documented
 * default. Malformed values fail with a {@link ConfigException} naming the setting.
 */
record SettingValues(Map<Setting, String> commandLine, Map<String, String> env, Map<String, String> file) {

    String get(Setting s) {
        String v = commandLine.get(s);
        if (v == null) v = env.get(s.environmentVariable());
        if (v == null) v = file.get(s.key());
        return v == null ? s.defaultValue() : v;
    }

    /** Empty when unset or blank. */
    Optional<String> optional(Setting s) {
        String v = get(s);
        return v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    Optional<Path> path(Setting s) {
        return optional(s).map(Path::of);
    }

    int integer(Setting s) {
        try {
            return Integer.parseInt(get(s).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(s.key() + " must be a whole number, was '" + get(s) + "'");
        }
    }

    /** Empty when unset or blank, else a whole number. */
    Optional<Integer> optionalInteger(Setting s) {
        return optional(s).map(v -> integer(s));
    }

    double fraction(Setting s) {
        try {
            return Double.parseDouble(get(s).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(s.key() + " must be a number such as 0.75, was '" + get(s) + "'");
        }
    }

    boolean bool(Setting s) {
        String v = get(s).trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
        throw new ConfigException(s.key() + " must be true or false, was '" + get(s) + "'");
    }

    /** Empty when unset or blank, else true or false. */
    Optional<Boolean> optionalBool(Setting s) {
        return optional(s).map(v -> bool(s));
    }

    Duration duration(Setting s) {
        try {
            return ServerConfig.parseDuration(get(s));
        } catch (ConfigException e) {
            throw new ConfigException(s.key() + ": " + e.getMessage());
        }
    }
}
