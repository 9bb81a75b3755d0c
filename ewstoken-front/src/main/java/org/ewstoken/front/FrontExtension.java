package org.ewstoken.front;

import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.OperationClassifier;
import org.ewstoken.server.ServerExtension;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.config.ServerConfig;

/**
 * The EWS front (docs/front.md), installed when {@code upstream-ews-url} is set. The handler order:
 * <pre>
 * POST /EWS/Exchange.asmx ─ EwsRouter ─┬─ Bearer ──────────────── CallbackGate ─┬─ refused: answered here
 *                                      │                                        └─ allowed: UpstreamProxy (service account)
 *                                      ├─ ewstoken's operations ─ the server's own EWS endpoint
 *                                      └─ anything else ───────── UpstreamProxy (unchanged)
 * nothing else answers ─── PathRouter ─┬─ under upstream-paths ── UpstreamProxy (unchanged; Bearer: CallbackGate)
 *                                      └─ otherwise: not mine (404)
 * </pre>
 */
public final class FrontExtension implements ServerExtension {

    @Override
    public boolean wanted(ServerConfig config) {
        return config.front().enabled();
    }

    @Override
    public Handlers install(Context context, Handlers handlers) {
        ServerConfig config = context.config();
        FrontSettings settings = config.front();
        URI upstream = settings.ewsUrl().orElseThrow();
        FrontMetrics metrics = new FrontMetrics(context.metrics().registry());
        UpstreamProxy proxy = new UpstreamProxy(client(context, settings), upstream,
                config.listeners().trustForwardedHeaders(), settings.idleTimeout(), settings.timeout(),
                context.writer(), metrics);
        proxy.setServer(context.jetty());
        context.jetty().addBean(proxy, true); // started and stopped with the server, with its HTTP client
        CallbackAudit audit = new CallbackAudit(context.installation().database().callbackUseLog(),
                config.cluster().effectiveNodeName(), context.clock(), config.cluster().auditRetention());
        context.jetty().addBean(audit, true);
        Handler gate = CallbackGate.create(context, settings, proxy, metrics, audit);
        EwsRouter ews = new EwsRouter(new OperationClassifier(context.limits()), handlers.ews(), gate, proxy, metrics);
        PathRouter paths = new PathRouter(settings.paths(), gate, proxy, metrics);
        Handler before = handlers.fallback();
        return new Handlers(ews, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return before.handle(request, response, callback) || paths.handle(request, response, callback);
            }
        });
    }

    private static HttpClient client(Context context, FrontSettings settings) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(UpstreamTls.context(settings.caFile()));
        connector.setConnectTimeout(settings.connectTimeout());
        connector.setIdleTimeout(settings.idleTimeout());
        // The server's threads serve the client too: no second pool to size.
        connector.setExecutor(context.jetty().getThreadPool());
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setMaxConnectionsPerDestination(Math.max(64, config(context).limits().maxThreads()));
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, config(context).limits().maxConnections()));
        client.setUserAgentField(null); // the client's own User-Agent is forwarded
        client.setFollowRedirects(false);
        return client;
    }

    private static ServerConfig config(Context context) {
        return context.config();
    }
}
