package org.ewstoken.validation;

/**
 * No trusted certificate has the token's {@code x5t}, even after refetching the metadata document when allowed.
 * Public constructor: a custom {@link KeySource} throws it.
 */
public final class UnknownKeyException extends TokenValidationException {

    public UnknownKeyException(String message) {
        super(FailureReason.UNKNOWN_KEY, message, null);
    }
}
