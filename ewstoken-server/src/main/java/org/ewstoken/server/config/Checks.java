package org.ewstoken.server.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The bounds several settings records check in their compact constructors, each worded once, so that
 * every setting with the same kind of bound fails with the same kind of message naming it.
 */
final class Checks {

    private Checks() {
    }

    static void atLeast(Setting s, long value, long minimum) {
        if (value < minimum) throw new ConfigException(s.key() + " must be at least " + minimum + ", was " + value);
    }

    static void positive(Setting s, Duration d) {
        if (d.isNegative() || d.isZero()) throw new ConfigException(s.key() + " must be positive");
    }

    static void notNegative(Setting s, Duration d) {
        if (d.isNegative()) throw new ConfigException(s.key() + " must not be negative");
    }

    /** A TCP port; 0 asks for any free one. */
    static void port(Setting s, int port) {
        if (port < 0 || port > 65535) throw new ConfigException(s.key() + " must be 0..65535, was " + port);
    }

    static void port(Setting s, Optional<Integer> port) {
        port.ifPresent(p -> port(s, p));
    }
}
