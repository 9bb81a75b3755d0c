package org.ewstoken.validation;

/** The identity token's {@code amurl} is not a metadata location the caller trusts, so it was not fetched. */
public final class UntrustedMetadataException extends TokenValidationException {

    UntrustedMetadataException(String message) {
        super(FailureReason.UNTRUSTED_METADATA_LOCATION, message, null);
    }
}
