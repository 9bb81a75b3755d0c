package org.ewstoken.validation;

/** The header names an algorithm other than RS256 ({@code none}, HS256 and all others are refused, whatever the token says). */
public final class UnsupportedAlgorithmException extends TokenValidationException {

    UnsupportedAlgorithmException(String message) {
        super(FailureReason.UNSUPPORTED_ALGORITHM, message, null);
    }
}
