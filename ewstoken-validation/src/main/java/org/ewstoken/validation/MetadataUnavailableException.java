package org.ewstoken.validation;

/**
 * The authentication metadata document could not be used: unreachable, too slow, too large, not
 * HTTP 200, or not a metadata document. The token may be fine; retrying later may succeed. Public
 * constructors: a custom {@link KeySource} throws it when its keys cannot be had.
 */
public final class MetadataUnavailableException extends TokenValidationException {

    public MetadataUnavailableException(String message) {
        super(FailureReason.METADATA_UNAVAILABLE, message, null);
    }

    public MetadataUnavailableException(String message, Throwable cause) {
        super(FailureReason.METADATA_UNAVAILABLE, message, cause);
    }
}
