package org.ewstoken.validation;

/** Why a token was refused: one constant per {@link TokenValidationException} subclass, for metrics and switches. */
public enum FailureReason {
    /** Not a well-formed JWS/JWT, or a required claim is missing or of the wrong type. */
    MALFORMED,
    /** The header's {@code alg} is anything but {@code RS256}. */
    UNSUPPORTED_ALGORITHM,
    /** The RS256 signature does not verify with the certificate the header's {@code x5t} names. */
    BAD_SIGNATURE,
    /** No trusted certificate has the header's {@code x5t}. */
    UNKNOWN_KEY,
    /** Now is past {@code exp} plus the allowed clock skew. */
    EXPIRED,
    /** Now is before {@code nbf} minus the allowed clock skew. */
    NOT_YET_VALID,
    /** {@code aud} is not the audience the caller expects. */
    AUDIENCE_MISMATCH,
    /** {@code iss} or {@code appctxsender} is not the issuer the caller trusts. */
    UNTRUSTED_ISSUER,
    /** The identity token's {@code amurl} is not a metadata location the caller trusts. */
    UNTRUSTED_METADATA_LOCATION,
    /** The metadata document could not be fetched or read. */
    METADATA_UNAVAILABLE,
    /** The token is of another kind or version ({@code appctx.version}, {@code ver}) than the one expected. */
    WRONG_VERSION
}
