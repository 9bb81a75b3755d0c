package org.ewstoken.validation;

import java.util.Objects;

/**
 * A token was refused. There is one subclass per {@link FailureReason}; the message says what was
 * wrong and what to do about it, and never contains the token itself (a bearer credential).
 *
 * <p>Checked on purpose: a caller of {@code validate} must decide what a refusal means for its
 * request (usually HTTP 401), and the compiler makes sure it does.
 */
public abstract sealed class TokenValidationException extends Exception
        permits MalformedTokenException, UnsupportedAlgorithmException, BadSignatureException,
        UnknownKeyException, ExpiredTokenException, NotYetValidException, AudienceMismatchException,
        UntrustedIssuerException, UntrustedMetadataException, MetadataUnavailableException,
        WrongVersionException {

    private final FailureReason reason;

    TokenValidationException(FailureReason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The reason, for a switch or a metric label. */
    public FailureReason reason() {
        return reason;
    }
}
