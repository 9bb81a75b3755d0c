package org.ewstoken.server.console;

import java.util.Optional;
import org.ewstoken.server.admin.ApiKeys;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.SignInMethod;
import org.ewstoken.server.identity.SignInRequest;
import org.ewstoken.server.identity.SignInResult;

/**
 * The admin API's keys as a sign-in method: {@code Authorization: Bearer ewsk_…}. Asked before the server's
 * methods, and only by the console and the admin API; every Bearer credential is its (an invalid key is
 * refused, never tried as an identity provider's token). A key is good while its owner is an administrator.
 */
record ApiKeyMethod(ApiKeys keys) implements SignInMethod {

    /** What a 401 of the console and the admin API offers. */
    static final String CHALLENGE = "Bearer realm=\"ewstoken admin\"";
    private static final Identity.Grants NONE = new Identity.Grants(false, false, false);

    @Override
    public String name() {
        return "api-key";
    }

    @Override
    public Optional<String> challenge() {
        return Optional.of(CHALLENGE);
    }

    @Override
    public SignInResult signIn(SignInRequest request) {
        Optional<String> key = request.credentials("Bearer");
        if (key.isEmpty()) return SignInResult.NOT_MINE;
        return keys.authenticate(key.get())
                .<SignInResult>map(owner -> new SignInResult.SignedIn(new Identity(owner, owner, Optional.empty(),
                        Optional.empty(), NONE, name())))
                .orElse(SignInResult.REFUSED);
    }
}
