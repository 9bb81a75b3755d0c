package org.ewstoken.front;

import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the server does not answer itself: requests under the configured upstream paths ({@code upstream-paths},
 * e.g. {@code /EWS/}, {@code /mapi/}, {@code /OAB/}) go to the upstream as they are; the rest is "not mine" (404).
 * Callback tokens are for EWS only: a Bearer request elsewhere goes through the gate, which refuses it.
 */
final class PathRouter extends Handler.Abstract {

    private final List<String> prefixes;
    private final Handler gate;
    private final Handler proxy;
    private final FrontMetrics metrics;

    PathRouter(List<String> prefixes, Handler gate, Handler proxy, FrontMetrics metrics) {
        this.prefixes = prefixes;
        this.gate = gate;
        this.proxy = proxy;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request).toLowerCase(Locale.ROOT);
        if (prefixes.stream().noneMatch(path::startsWith)) return false;
        if (EwsRouter.isBearer(request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.AUTHORIZATION))) {
            return gate.handle(request, response, callback);
        }
        metrics.routed("proxied");
        return proxy.handle(request, response, callback);
    }
}
