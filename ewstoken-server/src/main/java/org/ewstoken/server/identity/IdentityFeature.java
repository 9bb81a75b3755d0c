package org.ewstoken.server.identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.ewstoken.server.Feature;
import org.ewstoken.server.Lifecycle;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.identity.front.TrustedFrontMethod;
import org.ewstoken.server.identity.ldap.LdapDirectory;
import org.ewstoken.server.identity.ldap.LdapPasswordCheck;
import org.ewstoken.server.identity.negotiate.NegotiateMethod;
import org.ewstoken.server.identity.oidc.BearerMethod;

/**
 * The server's own sign-in methods as features, and the sign-in they complete.
 *
 * <p>Methods are asked in feature order: an extension's (the front's relayed sign-ins) first, then the
 * trusted front-end (it answers only requests with its own mailbox header), then Negotiate (Outlook offers
 * it first, and its 401 lists it first), then Bearer, and HTTP Basic last, over every feature's password
 * checks after the local users'. A new method is one more entry in {@link #methods()}.
 */
public final class IdentityFeature {

    private IdentityFeature() {
    }

    /** The server's own methods, in the order they are asked; each is installed only if its settings enable it. */
    public static List<Feature> methods() {
        Directory directory = new Directory();
        return List.of(
                directory,
                method(c -> c.identity().front().enabled(),
                        c -> TrustedFrontMethod.open(c.config().identity().front(), c.clock())),
                method(c -> c.identity().negotiate().enabled(),
                        c -> NegotiateMethod.open(c.config().identity().negotiate(), directory.opened)),
                method(c -> c.identity().oidc().enabled(),
                        c -> BearerMethod.open(c.config().identity().oidc(), c.clock())));
    }

    /**
     * Completes the server's sign-in ({@link Feature.Context#signIn}): the features' methods in order, then
     * HTTP Basic over the local users' password check and then the features' ({@code installed}).
     */
    public static void complete(Feature.Context c, Feature.Installed installed) {
        KeyedDigest digest = new KeyedDigest();
        List<PasswordCheck> passwords = new ArrayList<>();
        passwords.add(new LocalPasswordCheck(c.registry()::user, c.registry()::heldUser, c.installation().passwordHasher(),
                digest, Duration.ofMinutes(5), System::nanoTime, c.config().hardening().passwordCheckQueue()));
        passwords.addAll(installed.passwordChecks());
        List<SignInMethod> methods = new ArrayList<>(installed.signInMethods());
        methods.add(new BasicMethod(PasswordCheck.firstKnowing(passwords), c.defences().logins(), digest,
                c.urls().metadata().getHost()));
        c.signIn().complete(methods);
    }

    /** A sign-in method enabled by a setting. */
    private static Feature method(Predicate<ServerConfig> wanted, Function<Feature.Context, SignInMethod> open) {
        return new Feature() {
            @Override
            public boolean wanted(ServerConfig config) {
                return wanted.test(config);
            }

            @Override
            public Installed install(Context context) {
                return Installed.NOTHING.withSignInMethod(open.apply(context));
            }
        };
    }

    /**
     * The LDAP directory (ldap-url): the user source for passwords, Negotiate's principal mapping, and a
     * connection pool closed once the HTTP server has stopped. With it, no extension's password check is asked.
     */
    private static final class Directory implements Feature {
        /** Set by install, which runs before the methods that use it. */
        private Optional<LdapDirectory> opened = Optional.empty();

        @Override
        public boolean wanted(ServerConfig config) {
            return config.identity().ldap().enabled();
        }

        @Override
        public Installed install(Context c) {
            var ldap = c.config().identity().ldap();
            LdapDirectory directory = LdapDirectory.open(ldap);
            opened = Optional.of(directory);
            return Installed.NOTHING.with(Lifecycle.closing(directory))
                    .withPasswordCheck(new LdapPasswordCheck(directory, new KeyedDigest(), ldap.cacheTtl(), System::nanoTime));
        }
    }
}
