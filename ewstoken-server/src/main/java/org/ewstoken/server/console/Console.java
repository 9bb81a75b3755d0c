package org.ewstoken.server.console;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.ewstoken.server.Installation;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.auth.BasicAuthenticator;
import org.ewstoken.server.auth.LoginGuard;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.service.ClientAccessTokenService;
import org.ewstoken.server.throttle.LoginThrottle;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.ewstoken.validation.CallbackTokenValidator;

/** Puts the console and the admin API in front of the server's other routes, and opens their own listener if asked. */
public final class Console {

    /** Jetty connector name of the separate admin listener. */
    public static final String ADMIN_CONNECTOR = "ewstoken-admin";

    private Console() {
    }

    /** What the console needs from the running server. */
    public record Parts(Installation installation, KeyRing keyRing, ClientAccessTokenService tokens,
                       CallbackTokenValidator callbackValidator, BasicAuthenticator authenticator,
                       LoginThrottle logins, ThrottleEvents throttleEvents, java.util.function.LongSupplier auditDropped,
                       Clock clock) {}

    /** {@code next} behind the console; opens the admin listener on {@code jetty} when admin-port is set. */
    public static Handler wrap(Handler next, Server jetty, Parts p) throws IOException {
        ServerConfig config = p.installation().config();
        AdminServices admin = AdminServices.over(p.installation(), p.keyRing(), p.clock());
        ConsoleSessions sessions = new ConsoleSessions(p.clock());
        Overview overview = new Overview(p.installation().store(), p.installation().auditLog(), admin.keys(),
                p.throttleEvents(), p.auditDropped(), config.cluster().effectiveNodeName(), p.clock());
        Playground playground = new Playground(p.installation().store(), p.tokens(), p.callbackValidator(), p.clock());
        AdminApi api = new AdminApi(admin, p.installation().adminStore(), p.installation().auditLog(), playground,
                overview, config.console(), sessions);
        String connector = null;
        if (config.console().adminPort().isPresent()) {
            openAdminListener(jetty, config);
            connector = ADMIN_CONNECTOR;
        }
        return new ConsoleHandler(next, api, sessions, new LoginGuard(p.authenticator(), p.logins()), admin, connector);
    }

    /** Plain HTTP on admin-bind:admin-port: meant for a private network or loopback (docs/deployment.md). */
    private static void openAdminListener(Server jetty, ServerConfig config) throws IOException {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(config.limits().maxHeaderBytes());
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setName(ADMIN_CONNECTOR);
        connector.setHost(config.console().adminBind().orElse(config.bind()));
        connector.setPort(config.console().adminPort().get());
        connector.setIdleTimeout(config.limits().idleTimeout().toMillis());
        connector.open();
        jetty.addConnector(connector);
    }

    /** Where the console is, or null when it is off. */
    public static URI url(Server jetty, ServerConfig config, URI publicUrl) {
        if (!config.console().on()) return null;
        for (Connector c : jetty.getConnectors()) {
            if (ADMIN_CONNECTOR.equals(c.getName()) && c instanceof ServerConnector sc) {
                String host = config.console().adminBind().orElse(config.bind());
                if (host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
                if (host.contains(":")) host = "[" + host + "]";
                return URI.create("http://" + host + ":" + sc.getLocalPort() + "/console/");
            }
        }
        return URI.create(publicUrl + "/console/");
    }
}
