package org.ewstoken.server.identity;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.ewstoken.server.auth.PasswordHasher;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.identity.ldap.LdapDirectory;
import org.ewstoken.server.identity.ldap.LdapPasswordCheck;
import org.ewstoken.server.identity.front.TrustedFrontMethod;
import org.ewstoken.server.identity.negotiate.NegotiateMethod;
import org.ewstoken.server.identity.oidc.BearerMethod;
import org.ewstoken.server.throttle.LoginThrottle;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;

/**
 * The sign-in methods the configuration enables, built once at start-up, with what they hold open
 * (directory connection pools) closed with the server.
 */
public final class IdentityFeature implements AutoCloseable {

    private final SignIn signIn;
    private final Deque<AutoCloseable> resources;

    private IdentityFeature(SignIn signIn, Deque<AutoCloseable> resources) {
        this.signIn = signIn;
        this.resources = resources;
    }

    /** What the methods need from the server. */
    public record Context(ServerConfig config, Store store, Function<String, Optional<User>> users,
                          Runnable usersChanged, PasswordHasher hasher, LoginThrottle throttle, String realm,
                          Clock clock) {}

    public static IdentityFeature start(Context c) {
        return start(c, List.of(), List.of());
    }

    /**
     * @param upstream password checks of an extension (the EWS front asks its upstream server): consulted after
     *                 the local users, and only when no directory is configured (the directory is the user source then)
     * @param extra    sign-in methods of an extension, asked first (the front's: connections its upstream signed in)
     */
    public static IdentityFeature start(Context c, List<PasswordCheck> upstream, List<SignInMethod> extra) {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            KeyedDigest digest = new KeyedDigest();
            List<PasswordCheck> passwords = new ArrayList<>();
            passwords.add(new LocalPasswordCheck(c.users(), c.hasher(), digest, java.time.Duration.ofMinutes(5),
                    System::nanoTime, c.config().hardening().passwordCheckQueue()));
            var ldap = c.config().identity().ldap();
            Optional<LdapDirectory> directory = Optional.empty();
            if (ldap.enabled()) {
                directory = Optional.of(LdapDirectory.open(ldap));
                resources.push(directory.get());
                passwords.add(new LdapPasswordCheck(directory.get(), digest, ldap.cacheTtl(), System::nanoTime));
            } else {
                passwords.addAll(upstream);
            }
            // The front's relayed methods first, then the trusted front-end (it answers only requests with its
            // own mailbox header), then Negotiate: Outlook offers it first, and its 401 lists it first.
            List<SignInMethod> methods = new ArrayList<>(extra);
            var front = c.config().identity().front();
            if (front.enabled()) methods.add(TrustedFrontMethod.open(front, c.clock()));
            var negotiate = c.config().identity().negotiate();
            if (negotiate.enabled()) methods.add(NegotiateMethod.open(negotiate, directory));
            var oidc = c.config().identity().oidc();
            if (oidc.enabled()) methods.add(BearerMethod.open(oidc, c.clock()));
            methods.add(new BasicMethod(PasswordCheck.firstKnowing(passwords), c.throttle(), digest, c.realm()));
            return new IdentityFeature(new SignIn(methods,
                    new StoreMailboxes(c.store(), c.users(), c.usersChanged(), c.clock())), resources);
        } catch (RuntimeException | Error e) {
            closeAll(resources, e);
            throw e;
        }
    }

    public SignIn signIn() {
        return signIn;
    }

    @Override
    public void close() {
        closeAll(resources, null);
    }

    private static void closeAll(Deque<AutoCloseable> resources, Throwable failure) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure != null) failure.addSuppressed(e);
            }
        }
    }
}
