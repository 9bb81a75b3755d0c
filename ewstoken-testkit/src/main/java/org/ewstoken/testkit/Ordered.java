package org.ewstoken.testkit;

import java.util.List;
import java.util.function.BiPredicate;

/** Checks an "at least" comparison (versions, permissions) against the order a test writes down. */
public final class Ordered {

    private Ordered() {
    }

    /**
     * Fails unless {@code atLeast(a, b)} holds exactly when {@code a} comes no earlier than {@code b}
     * in {@code lowestFirst}, for every pair, each value with itself included.
     */
    @SafeVarargs
    public static <T> void assertAscending(BiPredicate<T, T> atLeast, T... lowestFirst) {
        List<T> order = List.of(lowestFirst);
        for (int i = 0; i < order.size(); i++) {
            for (int j = 0; j < order.size(); j++) {
                boolean expected = i >= j;
                if (atLeast.test(order.get(i), order.get(j)) != expected) {
                    throw new AssertionError(order.get(i) + (expected ? " should" : " should not")
                            + " count as at least " + order.get(j));
                }
            }
        }
    }
}
