package org.ewstoken.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.eclipse.jetty.server.Server;
import org.ewstoken.protocol.ParserLimits;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.addins.AppService;
import org.ewstoken.server.audit.AuditWriter;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.http.Defences;
import org.ewstoken.server.http.HttpFeature;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.identity.PasswordCheck;
import org.ewstoken.server.identity.SignIn;
import org.ewstoken.server.identity.SignInMethod;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.metrics.ServerMetrics;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.server.service.ClientAccessTokenService;
import org.ewstoken.server.throttle.SignInLog;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.TokenMinter;

/**
 * One capability of the server, plugged in the one way every capability is: the EWS operations, the
 * validation endpoints, the operator endpoints, OpenID discovery and token exchange, the console with its
 * admin API, each sign-in method, the key upkeep, and optional modules such as the EWS front.
 * {@link #install} runs once, before the server listens, and returns what the feature adds
 * ({@link Installed}): routes for a listener's table, sign-in methods, password checks, and lifecycle parts
 * (scheduled tasks, things to close).
 *
 * <p>The built-in features are listed in {@link Features#of}; a module on the class path adds its own
 * with a {@link ServiceLoader} entry {@code META-INF/services/org.ewstoken.server.Feature} (the
 * runnable jar holds them all). A feature keeps its logic in its own classes: it only says what it adds.
 *
 * <p>A route of an existing capability is one row in the table its feature's {@code install} returns. A new
 * capability is one small class, listed in {@link Features#of}, its paths named in {@code http.ServerUrls}:
 * <pre>{@code
 * final class HelloFeature implements Feature {
 *     public Installed install(Context context) {
 *         return Installed.routes(r -> r.exact(ServerUrls.HELLO, "hello", new HelloHandler(), "GET"));
 *     }
 * }
 * }</pre>
 */
public interface Feature {

    /** Whether the configuration asks for this feature; only wanted features are installed. */
    default boolean wanted(ServerConfig config) {
        return true;
    }

    /**
     * Builds the feature's parts on what the server has made ({@code context}) and says what it adds.
     * Called once, in list order; a failure (a bad setting, an unreachable directory) stops the start-up,
     * and what earlier features opened is closed.
     */
    Installed install(Context context) throws Exception;

    /**
     * What the server has made by the time features are installed, shared by all of them.
     *
     * @param jetty     the HTTP server, not started: for Jetty components that need it (a proxy); add their
     *                  lifecycles as {@link Lifecycle#managed} parts
     * @param urls      the public URL and every public path
     * @param tokens    the token service behind GetClientAccessToken (and the console's playground)
     * @param apps      add-in installation, shared by EWS and the admin services
     * @param signIn    the server's sign-in: every feature's methods, in list order, then HTTP Basic over the
     *                  password checks. Keep it for handlers; it answers once every feature is installed
     * @param signInLog failed sign-ins and lockouts, for the operator
     */
    record Context(ServerConfig config, Installation installation, Server jetty, ServerUrls urls, KeyRing keyRing,
                   IssuerSettings issuer, Clock clock, ServerMetrics metrics, AuditWriter audit, Defences defences,
                   RegistryCache registry, SoapResponseWriter writer, ServerVersionInfo versionInfo,
                   ParserLimits limits, TokenMinter minter, ClientAccessTokenService tokens, AppService apps,
                   SignIn signIn, ThrottleEvents throttleEvents, SignInLog signInLog) {}

    /**
     * The EWS front (module ewstoken-front), which the server cannot install itself: with upstream-ews-url set
     * and no such feature on the class path, the start-up fails rather than ignore the setting.
     */
    interface Front extends Feature {
    }

    /**
     * Who a table of routes is for; {@link Listeners} decides which listener serves which table, in one place.
     */
    enum Audience {
        /** Mail clients, add-ins and their back ends: the main listener. */
        CLIENTS,
        /**
         * Operators and their monitoring ({@code /readyz}, {@code /metrics}): the ops listener with ops-port, else
         * the main listener while it is bound to a loopback address, else nowhere.
         */
        OPERATORS,
        /** Administrators (the console, the admin API): the admin listener with admin-port, else the main one. */
        ADMINS
    }

    /**
     * What a feature adds; start from {@link #NOTHING} or {@link #routes} and add with the {@code with}
     * methods (each returns a new value).
     *
     * @param routes         route contributions per audience, in order; a later one may wrap a route an earlier
     *                       one added (the front wraps the EWS endpoint)
     * @param signInMethods  sign-in methods, asked in feature order before HTTP Basic
     * @param passwordChecks password checks for HTTP Basic (and the console's form), after the local users'
     * @param lifecycles     scheduled tasks, things to close, Jetty components to start
     */
    record Installed(Map<Audience, List<HttpFeature>> routes, List<SignInMethod> signInMethods,
                     List<PasswordCheck> passwordChecks, List<Lifecycle> lifecycles) {

        public static final Installed NOTHING = new Installed(Map.of(), List.of(), List.of(), List.of());

        public Installed {
            Map<Audience, List<HttpFeature>> copy = new EnumMap<>(Audience.class);
            routes.forEach((audience, list) -> copy.put(audience, List.copyOf(list)));
            routes = Collections.unmodifiableMap(copy);
            signInMethods = List.copyOf(signInMethods);
            passwordChecks = List.copyOf(passwordChecks);
            lifecycles = List.copyOf(lifecycles);
        }

        /** Routes for the main listener's clients. */
        public static Installed routes(HttpFeature routes) {
            return NOTHING.withRoutes(Audience.CLIENTS, routes);
        }

        public Installed withRoutes(Audience audience, HttpFeature more) {
            Map<Audience, List<HttpFeature>> copy = new EnumMap<>(Audience.class);
            copy.putAll(routes);
            copy.put(audience, plus(routes.getOrDefault(audience, List.of()), more));
            return new Installed(copy, signInMethods, passwordChecks, lifecycles);
        }

        public Installed withSignInMethod(SignInMethod method) {
            return new Installed(routes, plus(signInMethods, method), passwordChecks, lifecycles);
        }

        public Installed withPasswordCheck(PasswordCheck check) {
            return new Installed(routes, signInMethods, plus(passwordChecks, check), lifecycles);
        }

        public Installed with(Lifecycle part) {
            return new Installed(routes, signInMethods, passwordChecks, plus(lifecycles, part));
        }

        /** The routes for one audience, in order. */
        public List<HttpFeature> routes(Audience audience) {
            return routes.getOrDefault(audience, List.of());
        }

        /** This, then {@code later}'s parts after this one's. */
        public Installed and(Installed later) {
            Installed sum = this;
            for (var e : later.routes.entrySet()) for (HttpFeature r : e.getValue()) sum = sum.withRoutes(e.getKey(), r);
            for (SignInMethod m : later.signInMethods) sum = sum.withSignInMethod(m);
            for (PasswordCheck c : later.passwordChecks) sum = sum.withPasswordCheck(c);
            for (Lifecycle l : later.lifecycles) sum = sum.with(l);
            return sum;
        }

        private static <T> List<T> plus(List<T> list, T more) {
            List<T> copy = new ArrayList<>(list);
            copy.add(Objects.requireNonNull(more));
            return copy;
        }
    }
}
