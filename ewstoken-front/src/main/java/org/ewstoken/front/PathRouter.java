package org.ewstoken.front;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The route of each configured upstream path prefix ({@code upstream-paths}, e.g. {@code /EWS/}, {@code /mapi/},
 * {@code /OAB/}) that the server does not answer itself: to the upstream as it is. Callback tokens are for EWS only:
 * a Bearer request here goes through the gate, which refuses it.
 */
record PathRouter(Handler gate, Handler proxy, FrontMetrics metrics) implements Request.Handler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (EwsRouter.isBearer(request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.AUTHORIZATION))) {
            return gate.handle(request, response, callback);
        }
        metrics.routed("proxied");
        return proxy.handle(request, response, callback);
    }
}
