package org.ewstoken.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/** Argument checks and normalisations shared by the records. */
final class Values {
    private Values() {}

    static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** SMTP addresses are compared case-insensitively, so the store keeps them lowercased. */
    static String smtp(String address, String name) {
        requireText(address, name);
        if (address.chars().anyMatch(Character::isWhitespace) || address.indexOf('@') <= 0
                || address.endsWith("@")) {
            throw new IllegalArgumentException(name + " is not an SMTP address");
        }
        return address.toLowerCase(Locale.ROOT);
    }

    /**
     * The store keeps timestamps as epoch milliseconds; truncating here makes a record equal to
     * itself after a round trip through the database.
     */
    static Instant millis(Instant instant, String name) {
        return Objects.requireNonNull(instant, name).truncatedTo(ChronoUnit.MILLIS);
    }
}
