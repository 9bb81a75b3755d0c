package org.ewstoken.protocol;

import java.util.Objects;

/**
 * A request-level SOAP fault, shaped as Exchange shapes it: {@code faultcode} {@code a:<responseCode>},
 * {@code faultstring}, and a detail with {@code e:ResponseCode}, {@code e:Message} and, when any of the
 * optional parts is present, {@code t:MessageXml}.
 *
 * @param responseCode  a ResponseCodeType value, e.g. ErrorSchemaValidation
 * @param faultString   the {@code faultstring} text
 * @param message       the {@code e:Message} text
 * @param lineNumber    {@code t:LineNumber}, 1-based, or null when unknown (always null if linePosition is)
 * @param linePosition  {@code t:LinePosition}, or null when unknown
 * @param violation     {@code t:Violation}: what was wrong, or null
 * @param backOffMillis the {@code BackOffMilliseconds} value of an ErrorServerBusy fault, or null
 */
public record SoapFault(String responseCode, String faultString, String message, Integer lineNumber,
                        Integer linePosition, String violation, Long backOffMillis) {

    static final String SCHEMA_VALIDATION_MESSAGE = "The request failed schema validation.";
    static final String INVALID_SERVER_VERSION_MESSAGE = "The specified server version is invalid.";
    static final String INVALID_REQUEST_MESSAGE = "The request is invalid.";
    static final String SERVER_BUSY_MESSAGE = "The server cannot service this request right now. Try again later.";
    static final String INTERNAL_SERVER_ERROR_MESSAGE = "An internal server error occurred. The operation failed.";
    static final String IMPERSONATE_DENIED_MESSAGE = "The account does not have permission to impersonate the requested user.";
    /**
     * Not an EWS response code but SOAP 1.1's own fault code ({@code s:MustUnderstand}); a fault with it
     * has no detail, as .NET writes it.
     */
    public static final String MUST_UNDERSTAND = "MustUnderstand";

    public SoapFault {
        if (!MUST_UNDERSTAND.equals(responseCode)) ResponseCodes.requireErrorCode(responseCode);
        Objects.requireNonNull(faultString, "faultString");
        Objects.requireNonNull(message, "message");
        if ((lineNumber == null) != (linePosition == null)) {
            throw new IllegalArgumentException("lineNumber and linePosition go together");
        }
        if (backOffMillis != null && backOffMillis < 0) {
            throw new IllegalArgumentException("backOffMillis must not be negative");
        }
    }

    /** ErrorSchemaValidation at a known position, worded as Exchange words it. */
    public static SoapFault schemaValidation(int line, int position, String violation) {
        Objects.requireNonNull(violation, "violation");
        return new SoapFault("ErrorSchemaValidation", "The request failed schema validation: " + violation,
                SCHEMA_VALIDATION_MESSAGE, line, position, violation, null);
    }

    /** ErrorSchemaValidation where the parser could not tell a position (e.g. an undecodable encoding). */
    public static SoapFault schemaValidation(String violation) {
        Objects.requireNonNull(violation, "violation");
        return new SoapFault("ErrorSchemaValidation", "The request failed schema validation: " + violation,
                SCHEMA_VALIDATION_MESSAGE, null, null, violation, null);
    }

    /** ErrorInvalidServerVersion; {@code detail} (nullable) goes to {@code t:Violation} for diagnosis. */
    public static SoapFault invalidServerVersion(String detail) {
        return new SoapFault("ErrorInvalidServerVersion", INVALID_SERVER_VERSION_MESSAGE,
                INVALID_SERVER_VERSION_MESSAGE, null, null, detail, null);
    }

    /** ErrorInvalidRequest; {@code detail} (nullable) goes to {@code t:Violation}, e.g. which limit was hit. */
    public static SoapFault invalidRequest(String detail) {
        return new SoapFault("ErrorInvalidRequest", INVALID_REQUEST_MESSAGE, INVALID_REQUEST_MESSAGE,
                null, null, detail, null);
    }

    /** ErrorServerBusy; clients (the EWS Managed API among them) read BackOffMilliseconds from MessageXml. */
    public static SoapFault serverBusy(long backOffMillis) {
        return new SoapFault("ErrorServerBusy", SERVER_BUSY_MESSAGE, SERVER_BUSY_MESSAGE,
                null, null, null, backOffMillis);
    }

    /**
     * SOAP 1.1's MustUnderstand fault for a header block marked {@code mustUnderstand="1"} that this
     * server does not process, worded as the .NET (WCF) stack behind Exchange words it.
     */
    public static SoapFault mustUnderstand(String localName, String namespace) {
        String text = "The header '" + localName + "' from the namespace '" + namespace + "' was not understood by the "
                + "recipient of this message, causing the message to not be processed.";
        return new SoapFault(MUST_UNDERSTAND, text, text, null, null, null, null);
    }

    /**
     * What Exchange answers a caller without impersonation rights that sends ExchangeImpersonation
     * (or SerializedSecurityContext): ErrorImpersonateUserDenied. No caller of this server has them.
     */
    public static SoapFault impersonationDenied() {
        return new SoapFault("ErrorImpersonateUserDenied", IMPERSONATE_DENIED_MESSAGE, IMPERSONATE_DENIED_MESSAGE,
                null, null, null, null);
    }

    /** Whether this is SOAP's own MustUnderstand fault rather than an EWS one. */
    public boolean isMustUnderstand() {
        return MUST_UNDERSTAND.equals(responseCode);
    }

    /** ErrorInternalServerError; deliberately says nothing about what went wrong inside. */
    public static SoapFault internalServerError() {
        return new SoapFault("ErrorInternalServerError", INTERNAL_SERVER_ERROR_MESSAGE,
                INTERNAL_SERVER_ERROR_MESSAGE, null, null, null, null);
    }
}
