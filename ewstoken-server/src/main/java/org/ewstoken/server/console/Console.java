package org.ewstoken.server.console;

import java.net.URI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.ewstoken.server.Feature;
import org.ewstoken.server.Listeners;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.doctor.Doctor;
import org.ewstoken.server.doctor.DoctorContext;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.http.ValidationEndpoints;

/**
 * The console and the admin API as one feature: two prefix routes for administrators, served on the main
 * listener or, with admin-port, on their own (see {@link Listeners}). Installed when console-enabled is on.
 */
public final class Console implements Feature {

    @Override
    public boolean wanted(ServerConfig config) {
        return config.console().on();
    }

    @Override
    public Installed install(Context c) {
        ServerConfig config = c.config();
        AdminServices admin = AdminServices.over(c.installation(), c.keyRing(), c.clock());
        ConsoleSessions sessions = new ConsoleSessions(c.clock());
        Overview overview = new Overview(c.installation().store(), c.installation().auditLog(), admin.keys(),
                c.throttleEvents(), c.audit()::dropped, config.cluster().effectiveNodeName(), c.clock(),
                mailbox -> Doctor.forInstallation(DoctorContext.of(config, c.urls(), c.keyRing(), c.clock(), mailbox)).run());
        Playground playground = new Playground(c.installation().store(), c.tokens(),
                ValidationEndpoints.callbackTokenValidator(c.issuer(), c.keyRing(), c.clock()), c.clock());
        ConsoleSignIn signIn = new ConsoleSignIn(c.signIn(), sessions, admin);
        AdminApi api = new AdminApi(new AdminRoutes(admin, c.installation().adminStore(), c.installation().auditLog(),
                playground, overview, config.console(), sessions).table(), signIn);
        ConsoleHandler handler = new ConsoleHandler(api, signIn);
        // Any method: the API answers 405 itself, as a problem detail naming the methods a path allows.
        return Installed.NOTHING.withRoutes(Audience.ADMINS, routes -> {
            routes.prefix(ServerUrls.CONSOLE, "console", handler);
            routes.prefix(ServerUrls.ADMIN_API, "admin_api", handler);
        });
    }

    /** Where the console is, or null when it is off. */
    public static URI url(Server jetty, ServerConfig config, URI publicUrl) {
        if (!config.console().on()) return null;
        for (Connector c : jetty.getConnectors()) {
            if (Listeners.ADMIN.equals(c.getName()) && c instanceof ServerConnector sc) {
                String host = config.console().adminBind().orElse(config.bind());
                if (host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
                if (host.contains(":")) host = "[" + host + "]";
                return URI.create("http://" + host + ":" + sc.getLocalPort() + ServerUrls.CONSOLE + "/");
            }
        }
        return URI.create(publicUrl + ServerUrls.CONSOLE + "/");
    }
}
