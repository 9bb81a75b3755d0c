package org.ewstoken.validation;

/** The token is not a well-formed JWT of the expected shape, or lacks a required claim. */
public final class MalformedTokenException extends TokenValidationException {

    MalformedTokenException(String message) {
        super(FailureReason.MALFORMED, message, null);
    }
}
