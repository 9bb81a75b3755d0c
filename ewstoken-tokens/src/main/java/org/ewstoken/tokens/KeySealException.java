package org.ewstoken.tokens;

/**
 * Sealed data cannot be opened: the master key is not the one it was sealed with, the data or its
 * associated data was altered, or the format is unknown. Deliberately vague about which, as AES-GCM
 * cannot tell a wrong key from tampering.
 */
public final class KeySealException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeySealException(String message) {
        super(message);
    }

    public KeySealException(String message, Throwable cause) {
        super(message, cause);
    }
}
