package org.ewstoken.tokens;

/**
 * A key or certificate offered for import is unusable. The message says why in terms an operator can
 * act on ("key does not match certificate"); the lower-layer cause, if any, is attached.
 */
public final class KeyImportException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyImportException(String message) {
        super(message);
    }

    public KeyImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
