package org.ewstoken.protocol.schema;

/** A SOAP message that is not what the schema or the envelope rules allow. The message says what and where. */
public final class InvalidResponseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidResponseException(String message) {
        super(message);
    }

    public InvalidResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
