package org.ewstoken.front;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.http.RouteCall;

/**
 * The route of each configured upstream path prefix ({@code upstream-paths}, e.g. {@code /EWS/}, {@code /mapi/},
 * {@code /OAB/}) that the server does not answer itself: to the upstream as it is. Callback tokens are for EWS only:
 * a Bearer request here goes through the gate, which refuses it.
 */
record PathRouter(Handler gate, Handler proxy, FrontMetrics metrics) implements Request.Handler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (EwsRouter.isBearer(request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.AUTHORIZATION))) {
            RouteCall.call(gate, request, response, callback);
            return true;
        }
        metrics.routed("proxied");
        RouteCall.call(proxy, request, response, callback);
        return true;
    }

    /** Deciding looks at a header only: the pass-through stays on the selector thread, the gate goes to the pool. */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
