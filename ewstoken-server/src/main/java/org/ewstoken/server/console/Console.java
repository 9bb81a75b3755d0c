package org.ewstoken.server.console;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.ewstoken.server.Installation;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.doctor.Doctor;
import org.ewstoken.server.doctor.DoctorContext;
import org.ewstoken.server.http.HttpFeature;
import org.ewstoken.server.http.OpsListener;
import org.ewstoken.server.http.RouteTable;
import org.ewstoken.server.identity.SignIn;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.service.ClientAccessTokenService;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.ewstoken.validation.CallbackTokenValidator;

/**
 * The console and the admin API as one HTTP feature: two prefix routes in a route table, the main one, or
 * with admin-port the table of their own listener (routed by {@link OpsListener.Routing}).
 */
public final class Console implements HttpFeature {

    /** Jetty connector name of the separate admin listener. */
    public static final String ADMIN_CONNECTOR = "ewstoken-admin";

    private final ConsoleHandler handler;
    private final String adminConnector;

    private Console(ConsoleHandler handler, String adminConnector) {
        this.handler = handler;
        this.adminConnector = adminConnector;
    }

    @Override
    public void addRoutes(RouteTable.Builder routes) {
        // Any method: the API answers 405 itself, as a problem detail naming the methods a path allows.
        routes.prefix(ConsoleHandler.CONSOLE, "console", handler);
        routes.prefix(AdminApi.PREFIX, "admin_api", handler);
    }

    /** Whether the console has a listener of its own (admin-port), which then serves it and nothing else. */
    public boolean ownListener() {
        return adminConnector != null;
    }

    /** What the console needs from the running server. */
    public record Parts(Installation installation, KeyRing keyRing, ClientAccessTokenService tokens,
                       CallbackTokenValidator callbackValidator, SignIn signIn,
                       ThrottleEvents throttleEvents, java.util.function.LongSupplier auditDropped,
                       Clock clock, URI publicUrl) {}

    /** The feature; opens the admin listener on {@code jetty} when admin-port is set. */
    public static Console create(Server jetty, Parts p) throws IOException {
        ServerConfig config = p.installation().config();
        AdminServices admin = AdminServices.over(p.installation(), p.keyRing(), p.clock());
        ConsoleSessions sessions = new ConsoleSessions(p.clock());
        Overview overview = new Overview(p.installation().store(), p.installation().auditLog(), admin.keys(),
                p.throttleEvents(), p.auditDropped(), config.cluster().effectiveNodeName(), p.clock(),
                mailbox -> Doctor.forInstallation(DoctorContext.of(config, p.publicUrl(), p.keyRing(), p.clock(), mailbox)).run());
        Playground playground = new Playground(p.installation().store(), p.tokens(), p.callbackValidator(), p.clock());
        AdminApi api = new AdminApi(admin, p.installation().adminStore(), p.installation().auditLog(), playground,
                overview, config.console(), sessions);
        String connector = null;
        if (config.console().adminPort().isPresent()) {
            OpsListener.openNamed(jetty, config, ADMIN_CONNECTOR, config.console().adminBind().orElse(config.bind()),
                    config.console().adminPort().get(), "admin-port");
            connector = ADMIN_CONNECTOR;
        }
        return new Console(new ConsoleHandler(api, sessions, p.signIn(), admin), connector);
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
