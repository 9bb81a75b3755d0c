package org.ewstoken.server.identity;

import java.util.List;
import java.util.Optional;

/**
 * The enabled sign-in methods, in order, and the mailboxes they lead to. The first method that
 * does not answer {@link SignInResult.NotMine} decides; when none speaks the request, it is refused,
 * and the caller is offered one challenge per method.
 */
public final class SignIn {

    private final List<SignInMethod> methods;
    private final MailboxResolver mailboxes;
    private final List<String> challenges;

    public SignIn(List<SignInMethod> methods, MailboxResolver mailboxes) {
        if (methods.isEmpty()) throw new IllegalArgumentException("at least one sign-in method must be enabled");
        this.methods = List.copyOf(methods);
        this.mailboxes = mailboxes;
        this.challenges = this.methods.stream().map(SignInMethod::challenge).flatMap(Optional::stream).toList();
    }

    public SignInResult signIn(SignInRequest request) {
        for (SignInMethod m : methods) {
            SignInResult r = m.signIn(request);
            if (!(r instanceof SignInResult.NotMine)) return r;
        }
        return SignInResult.REFUSED;
    }

    /** The {@code WWW-Authenticate} values of a 401, one per method, in order. */
    public List<String> challenges() {
        return challenges;
    }

    public MailboxResolver mailboxes() {
        return mailboxes;
    }

    public List<SignInMethod> methods() {
        return methods;
    }
}
