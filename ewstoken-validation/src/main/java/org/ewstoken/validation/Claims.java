package org.ewstoken.validation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON members of a token part, as parsed: strings are {@code String}, numbers {@code Long} (or
 * {@code BigDecimal} when not integral), booleans {@code Boolean}, objects {@code Map}, arrays
 * {@code List}. Immutable.
 */
public final class Claims {

    /** appctx holds a few flat members; deeper nesting is refused before it costs anything. */
    private static final int MAX_APPCTX_DEPTH = 4;

    private final Map<String, Object> values;

    Claims(Map<String, Object> values) {
        this.values = Objects.requireNonNull(values, "values");
    }

    /** Every member, in the token's order; unmodifiable. JSON null is a non-null placeholder object. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** The member if it is a JSON string. */
    public Optional<String> string(String name) {
        return values.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * A NumericDate member (seconds since the epoch; fractions are truncated) if it is a JSON number, as real
     * Exchange tokens carry {@code nbf} and {@code exp}, or a string of decimal digits, as Microsoft's documentation
     * shows them (at most 12 digits: far beyond any real date).
     */
    public Optional<Instant> time(String name) {
        Object v = values.get(name);
        if (v instanceof String s && !s.isEmpty() && s.length() <= 12 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(s)));
        }
        try {
            if (v instanceof Long seconds) return Optional.of(Instant.ofEpochSecond(seconds));
            if (v instanceof BigDecimal d) {
                return Optional.of(Instant.ofEpochSecond(d.setScale(0, RoundingMode.FLOOR).longValueExact()));
            }
        } catch (ArithmeticException | DateTimeException outOfRange) {
            return Optional.empty(); // beyond what Instant holds: as good as absent
        }
        return Optional.empty();
    }

    /** The member if it is a non-empty JSON string, else the token is malformed with {@code missing} as the reason. */
    String required(String name, String missing) throws MalformedTokenException {
        Optional<String> v = string(name).filter(x -> !x.isEmpty());
        if (v.isEmpty()) throw new MalformedTokenException(missing);
        return v.get();
    }

    /**
     * The {@code appctx} member as claims: Exchange writes it as a string holding a JSON object, ewstoken's older
     * tokens as an object. {@code missing} says what kind of token lacks it.
     */
    Claims appContext(String missing) throws MalformedTokenException {
        Object appctx = values.get("appctx");
        if (appctx instanceof String json) {
            try {
                return new Claims(Json.parseObject(json, MAX_APPCTX_DEPTH));
            } catch (Json.SyntaxException e) {
                throw new MalformedTokenException("the appctx claim is a string but not a JSON object: " + e.getMessage());
            }
        }
        if (appctx instanceof Map<?, ?> object) {
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) object;
            return new Claims(members);
        }
        throw new MalformedTokenException(missing);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    @Override
    public String toString() {
        return "Claims" + values.keySet();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Claims c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
