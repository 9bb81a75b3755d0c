package org.ewstoken.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A token's {@code nbf}..{@code exp}, checked against now with a clock skew allowance either way. */
record Lifetime(Instant notBefore, Instant expiresAt) {

    /** A configured clock skew, checked: from zero to {@code max} (written {@code maxText} in the message). */
    static Duration skew(Duration skew, Duration max, String maxText) {
        Objects.requireNonNull(skew, "skew");
        if (skew.isNegative() || skew.compareTo(max) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and " + maxText);
        }
        return skew;
    }

    static Lifetime check(Claims payload, Instant now, Duration skew, String renewHint)
            throws MalformedTokenException, NotYetValidException, ExpiredTokenException {
        Instant nbf = payload.time("nbf").orElseThrow(() -> new MalformedTokenException(
                "the token has no numeric nbf claim (its start of validity, seconds since the epoch, a number or a string of digits)"));
        Instant exp = payload.time("exp").orElseThrow(() -> new MalformedTokenException(
                "the token has no numeric exp claim (its expiry, seconds since the epoch, a number or a string of digits)"));
        if (now.plus(skew).isBefore(nbf)) {
            throw new NotYetValidException("the token is valid from " + nbf + " but it is " + now + " here, more than the "
                    + "allowed clock skew of " + skew + " earlier: check this machine's clock (NTP)");
        }
        if (!now.minus(skew).isBefore(exp)) {
            throw new ExpiredTokenException("the token expired at " + exp + " (it is " + now + " here; allowed clock skew "
                    + skew + "): " + renewHint);
        }
        return new Lifetime(nbf, exp);
    }
}
