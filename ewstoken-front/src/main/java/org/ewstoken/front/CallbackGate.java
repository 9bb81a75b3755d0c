package org.ewstoken.front;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.server.ServerExtension;
import org.ewstoken.server.config.FrontSettings;

/** Callback tokens as Bearer credentials (placeholder: refuses all). */
final class CallbackGate extends Handler.Abstract {

    private final FrontMetrics metrics;

    private CallbackGate(FrontMetrics metrics) {
        this.metrics = metrics;
    }

    static Handler create(ServerExtension.Context context, FrontSettings settings, UpstreamProxy proxy, FrontMetrics metrics) {
        return new CallbackGate(metrics);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        metrics.routed("refused");
        metrics.callbackRefused("unsupported");
        Answers.text(response, callback, 401, "401 Unauthorized.");
        return true;
    }
}
