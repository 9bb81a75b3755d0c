package org.ewstoken.validation;

/** The token's {@code nbf} (minus the allowed clock skew) is still in the future. */
public final class NotYetValidException extends TokenValidationException {

    NotYetValidException(String message) {
        super(FailureReason.NOT_YET_VALID, message, null);
    }
}
