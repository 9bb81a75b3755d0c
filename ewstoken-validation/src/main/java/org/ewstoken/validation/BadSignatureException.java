package org.ewstoken.validation;

/** The RS256 signature does not match the header and payload: the token was altered or signed by someone else. */
public final class BadSignatureException extends TokenValidationException {

    BadSignatureException(String message) {
        super(FailureReason.BAD_SIGNATURE, message, null);
    }
}
