package org.ewstoken.validation;

/** The token's {@code exp} (plus the allowed clock skew) has passed. */
public final class ExpiredTokenException extends TokenValidationException {

    ExpiredTokenException(String message) {
        super(FailureReason.EXPIRED, message, null);
    }
}
