package org.ewstoken.server.service;

import org.ewstoken.protocol.TokenType;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.User;
import org.ewstoken.tokens.IssuedToken;

/**
 * Told of every token handed out (metrics, audit log). Runs on the request thread: must be quick
 * and must not throw. Never log or keep {@link IssuedToken#value()}.
 */
@FunctionalInterface
public interface TokenIssuedListener {

    TokenIssuedListener NONE = (caller, addIn, type, token) -> { };

    void issued(User caller, AddIn addIn, TokenType type, IssuedToken token);

    /** This listener, then {@code next}. */
    default TokenIssuedListener andThen(TokenIssuedListener next) {
        return (caller, addIn, type, token) -> {
            issued(caller, addIn, type, token);
            next.issued(caller, addIn, type, token);
        };
    }
}
