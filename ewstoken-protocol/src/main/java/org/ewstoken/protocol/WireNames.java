package org.ewstoken.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the constant of an enumeration by the name it has on the wire. The match is exact: case-sensitive and
 * untrimmed, as the schema's xs:string enumerations compare (whitespace is preserved, so {@code " Loki"} is not
 * {@code Loki}). Each wire name is written once, in its constant's declaration.
 */
public final class WireNames<E> {
    private final Map<String, E> byName = new HashMap<>();

    /** @param wireName the constant's spelling on the wire; two constants may not share one */
    public WireNames(E[] constants, Function<E, String> wireName) {
        for (E e : constants) {
            if (byName.put(wireName.apply(e), e) != null) {
                throw new IllegalArgumentException("two constants are named " + wireName.apply(e) + " on the wire");
            }
        }
    }

    /** Empty for null or a name no constant has. */
    public Optional<E> find(String wireName) {
        return Optional.ofNullable(wireName == null ? null : byName.get(wireName));
    }
}
