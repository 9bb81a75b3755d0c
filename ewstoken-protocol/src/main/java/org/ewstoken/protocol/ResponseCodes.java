package org.ewstoken.protocol;

/** Checks on response-code strings, which end up as element content and as a QName's local part. */
final class ResponseCodes {
    private ResponseCodes() {}

    /** A code must be a plain ASCII identifier (every ResponseCodeType value is) and not NoError. */
    static String requireErrorCode(String code) {
        if (code == null || code.isEmpty()) {
            throw new IllegalArgumentException("responseCode must not be empty");
        }
        if (!Character.isLetter(code.charAt(0))) {
            throw new IllegalArgumentException("responseCode must start with a letter: " + code);
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("responseCode must be ASCII letters and digits: " + code);
            }
        }
        if (code.equals("NoError")) {
            throw new IllegalArgumentException("NoError is not an error code");
        }
        return code;
    }
}
