package org.ewstoken.server.config;

import java.util.AbstractList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One documented configuration setting. Each settings record declares its own (e.g.
 * {@link FrontSettings#UPSTREAM_EWS_URL}) with its {@code SETTINGS} list and reads itself with
 * {@code from(SettingValues)}; {@link #ALL} is their concatenation, the single source of truth for
 * the configuration file keys, the environment variables and the defaults that {@code serve --help}
 * prints. A new setting: a constant in its record, a line in that record's {@code SETTINGS} and
 * {@code from}, and a row in README.md's table.
 *
 * @param secret whether the value must not be shown (the console shows only whether it is set)
 */
public record Setting(String key, String defaultValue, String description, boolean secret) {

    /** A setting whose value may be shown. */
    public Setting(String key, String defaultValue, String description) {
        this(key, defaultValue, description, false);
    }

    /** A setting whose value is, or leads to, a secret: shown only as set or not. */
    public static Setting secret(String key, String defaultValue, String description) {
        return new Setting(key, defaultValue, description, true);
    }

    /**
     * Every setting, feature by feature. Read through a holder on first use, because the records'
     * constants are themselves {@code Setting}s: building the list while this class initialises
     * could see a record half-initialised.
     */
    public static final List<Setting> ALL = new AbstractList<>() {
        @Override
        public Setting get(int index) {
            return Catalog.ALL.get(index);
        }

        @Override
        public int size() {
            return Catalog.ALL.size();
        }
    };

    private static final class Catalog {
        static final List<Setting> ALL = Stream.of(CoreSettings.SETTINGS, RequestLimits.SETTINGS,
                ThrottlePolicy.SETTINGS, StoreSettings.SETTINGS, ClusterSettings.SETTINGS,
                IntrospectionSettings.SETTINGS, AddInPolicy.SETTINGS, ListenerSettings.SETTINGS,
                FrontSettings.SETTINGS, LdapSettings.SETTINGS, NegotiateSettings.SETTINGS, OidcSettings.SETTINGS,
                TrustedFrontSettings.SETTINGS, HardeningSettings.SETTINGS, ConsoleSettings.SETTINGS)
                .flatMap(List::stream).toList();
    }

    /*
     * equals and hashCode written out, with the meaning the record's would have: the generated ones are linked by
     * invokedynamic on first use, and a Setting is the first record a start hashes (the command line's overrides are
     * keyed by it), which paid for that machinery: 40-70 ms of the main thread (docs/benchmarks.md).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Setting s && Objects.equals(key, s.key) && Objects.equals(defaultValue, s.defaultValue)
                && Objects.equals(description, s.description) && secret == s.secret;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, defaultValue, description, secret);
    }

    /** EWSTOKEN_PUBLIC_URL for public-url. */
    public String environmentVariable() {
        return "EWSTOKEN_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
