package org.ewstoken.server;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.ewstoken.server.Feature.Audience;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.http.ConnectionGuard;
import org.ewstoken.server.http.HttpFeature;
import org.ewstoken.server.http.OpsListener;
import org.ewstoken.server.http.RouteTable;
import org.ewstoken.server.metrics.RequestMetricsHandler;
import org.ewstoken.server.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which listener serves which routes, decided here and nowhere else. Every listener gets one route table,
 * measured ({@link RequestMetricsHandler}) and ending in 404:
 * <ul>
 * <li>the main listener (port, https-port): the clients' routes; the administrators' unless admin-port is set;
 *     the operators' while no ops-port is set and the main listener is bound to a loopback address;</li>
 * <li>the ops listener (ops-bind:ops-port, opened with the HTTP server): the operators' routes;</li>
 * <li>the admin listener (admin-bind:admin-port, opened here): the administrators' routes, and nothing else.</li>
 * </ul>
 */
public final class Listeners {

    /** Jetty connector name of the separate admin listener. */
    public static final String ADMIN = "ewstoken-admin";
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private Listeners() {
    }

    /** Puts the installed routes on their listeners, opening the admin listener if admin-port is set. */
    public static void assemble(Server jetty, ServerConfig config, Feature.Installed parts, ServerMetrics metrics) {
        List<HttpFeature> main = new ArrayList<>(parts.routes(Audience.CLIENTS));
        boolean adminListener = config.console().adminPort().isPresent() && !parts.routes(Audience.ADMINS).isEmpty();
        if (!adminListener) main.addAll(parts.routes(Audience.ADMINS));
        // /readyz and /metrics show key ids and traffic: on the operator listener, or on a loopback main one.
        if (OpsListener.onMainListener(config)) {
            main.addAll(parts.routes(Audience.OPERATORS));
        } else if (!config.hardening().opsListener()) {
            LOG.warn("/readyz and /metrics are off: bind {} is not a loopback address and no ops-port is set "
                    + "(set ops-port to serve them on ops-bind, 127.0.0.1 by default)", config.bind());
        }
        OpsListener.Routing routing = new OpsListener.Routing(measured(main, metrics));
        if (config.hardening().opsListener()) {
            routing.listener(OpsListener.NAME, measured(parts.routes(Audience.OPERATORS), metrics));
        }
        if (adminListener) {
            OpsListener.openNamed(jetty, config, ADMIN, config.console().adminBind().orElse(config.bind()),
                    config.console().adminPort().get(), "admin-port");
            routing.listener(ADMIN, measured(parts.routes(Audience.ADMINS), metrics));
        }
        jetty.setHandler(ConnectionGuard.of(jetty).around(routing));
    }

    private static Handler measured(List<HttpFeature> routes, ServerMetrics metrics) {
        return new RequestMetricsHandler(RouteTable.of(routes).withNotFound(), metrics);
    }
}
