package org.ewstoken.validation;

/** The token's {@code aud} is not the audience the caller expects: it was issued for someone else. */
public final class AudienceMismatchException extends TokenValidationException {

    AudienceMismatchException(String message) {
        super(FailureReason.AUDIENCE_MISMATCH, message, null);
    }
}
