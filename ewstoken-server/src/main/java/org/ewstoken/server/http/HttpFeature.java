package org.ewstoken.server.http;

/**
 * A part of the server that answers HTTP requests: it adds its routes to the table. The server
 * assembles its features as one ordered list (see {@code EwsTokenServer}); a later feature may wrap a
 * route an earlier one added (the front wraps the EWS endpoint, for instance).
 */
@FunctionalInterface
public interface HttpFeature {

    void addRoutes(RouteTable.Builder routes);
}
