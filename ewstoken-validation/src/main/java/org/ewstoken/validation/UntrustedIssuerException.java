package org.ewstoken.validation;

/** The token's {@code iss} or {@code appctxsender} is not the issuer the caller trusts. */
public final class UntrustedIssuerException extends TokenValidationException {

    UntrustedIssuerException(String message) {
        super(FailureReason.UNTRUSTED_ISSUER, message, null);
    }
}
