package org.ewstoken.validation;

/** The token is of another kind or version than expected ({@code appctx.version} of identity tokens, {@code ver} of callback tokens). */
public final class WrongVersionException extends TokenValidationException {

    WrongVersionException(String message) {
        super(FailureReason.WRONG_VERSION, message, null);
    }
}
