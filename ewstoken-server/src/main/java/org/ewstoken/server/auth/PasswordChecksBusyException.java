package org.ewstoken.server.auth;

/**
 * Every password-check slot is taken (the running Argon2 checks and the bounded queue behind them):
 * the sign-in is answered "busy, retry shortly" at once instead of holding a request thread in line.
 */
public final class PasswordChecksBusyException extends RuntimeException {

    public PasswordChecksBusyException() {
        super("too many password checks in progress", null, false, false);
    }
}
