package org.ewstoken.server.identity;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A sign-in method that speaks one {@code Authorization} scheme and may wait on every request of it (a ticket
 * checked against a keytab, a provider's keys fetched): Negotiate, Bearer. Its name is the scheme in lower case,
 * its challenge the bare scheme; a request without that scheme is not its own, and one with it waits for the pool.
 * A subclass only checks the credentials.
 */
public abstract class SchemeMethod implements SignInMethod {

    private final String scheme;
    private final String name;

    /** @param scheme as clients write it, e.g. {@code Negotiate} */
    protected SchemeMethod(String scheme) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.name = scheme.toLowerCase(Locale.ROOT);
    }

    /** Checks the scheme's credentials: the text after the scheme name, possibly empty. */
    protected abstract SignInResult signIn(String credentials);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Optional<String> challenge() {
        return Optional.of(scheme);
    }

    @Override
    public final SignInResult signInAtOnce(SignInRequest request) {
        return request.credentials(scheme).isEmpty() ? SignInResult.NOT_MINE : SignInResult.WOULD_WAIT;
    }

    @Override
    public final SignInResult signIn(SignInRequest request) {
        Optional<String> credentials = request.credentials(scheme);
        return credentials.isEmpty() ? SignInResult.NOT_MINE : signIn(credentials.get());
    }
}
