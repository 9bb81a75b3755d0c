package org.ewstoken.server.identity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The enabled sign-in methods, in order, and the mailboxes they lead to. The first method that
 * does not answer {@link SignInResult.NotMine} decides; when none speaks the request, it is refused,
 * and the caller is offered one challenge per method.
 *
 * <p>The server hands its features a {@link #pending} sign-in, for their handlers to keep, and
 * {@link #complete completes} it once every feature has said which methods it adds: a feature's
 * handlers may then use methods that later features bring.
 */
public final class SignIn {

    private final MailboxResolver mailboxes;
    /** Set once, before the server serves; null while pending. */
    private volatile Methods methods;

    private record Methods(List<SignInMethod> list, List<String> challenges) {
        Methods(List<SignInMethod> list) {
            this(List.copyOf(list), list.stream().map(SignInMethod::challenge).flatMap(Optional::stream).toList());
            if (list.isEmpty()) throw new IllegalArgumentException("at least one sign-in method must be enabled");
        }
    }

    public SignIn(List<SignInMethod> methods, MailboxResolver mailboxes) {
        this(mailboxes);
        complete(methods);
    }

    private SignIn(MailboxResolver mailboxes) {
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
    }

    /** A sign-in whose methods are not known yet: {@link #complete} it before the first request. */
    public static SignIn pending(MailboxResolver mailboxes) {
        return new SignIn(mailboxes);
    }

    /** Sets the methods, once. */
    public synchronized void complete(List<SignInMethod> list) {
        if (methods != null) throw new IllegalStateException("the sign-in methods are set already");
        methods = new Methods(list);
    }

    public SignInResult signIn(SignInRequest request) {
        for (SignInMethod m : current().list()) {
            SignInResult r = m.signIn(request);
            if (!(r instanceof SignInResult.NotMine)) return r;
        }
        return SignInResult.REFUSED;
    }

    /** {@link #signIn} if every method asked answers without waiting, else {@link SignInResult#WOULD_WAIT}. */
    public SignInResult signInAtOnce(SignInRequest request) {
        for (SignInMethod m : current().list()) {
            SignInResult r = m.signInAtOnce(request);
            if (!(r instanceof SignInResult.NotMine)) return r;
        }
        return SignInResult.REFUSED;
    }

    /** The {@code WWW-Authenticate} values of a 401, one per method, in order. */
    public List<String> challenges() {
        return current().challenges();
    }

    public MailboxResolver mailboxes() {
        return mailboxes;
    }

    public List<SignInMethod> methods() {
        return current().list();
    }

    private Methods current() {
        Methods m = methods;
        if (m == null) throw new IllegalStateException("sign-in is used before the server has started");
        return m;
    }
}
