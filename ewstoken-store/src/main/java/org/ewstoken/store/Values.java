package org.ewstoken.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /** The store keeps every account name in its one canonical form ({@link AccountName}). */
    static String smtp(String address, String name) {
        Objects.requireNonNull(address, name);
        String problem = AccountName.problem(address);
        if (problem != null) throw new IllegalArgumentException(name + " is not a valid account name: " + problem);
        return AccountName.canonical(address);
    }

    /**
     * The store keeps timestamps as epoch milliseconds; truncating here makes a record equal to
     * itself after a round trip through the database.
     */
    static Instant millis(Instant instant, String name) {
        return Objects.requireNonNull(instant, name).truncatedTo(ChronoUnit.MILLIS);
    }

    /** The canonical account name, or null if {@code value} can never name a mailbox (so no row matches it). */
    static String account(String value, String name) {
        return AccountName.parse(Objects.requireNonNull(value, name)).map(AccountName::value).orElse(null);
    }

    static String lower(String value, String name) {
        return Objects.requireNonNull(value, name).toLowerCase(java.util.Locale.ROOT);
    }
}
