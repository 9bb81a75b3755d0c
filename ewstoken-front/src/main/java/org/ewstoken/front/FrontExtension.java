package org.ewstoken.front;

import com.ctc.wstx.stax.WstxInputFactory;
import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Handler;
import org.ewstoken.protocol.OperationClassifier;
import org.ewstoken.server.Feature;
import org.ewstoken.server.Lifecycle;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.http.HttpFeature;
import org.ewstoken.server.http.ServerUrls;

/**
 * The EWS front (docs/front.md), installed when {@code upstream-ews-url} is set. The handler order:
 * <pre>
 * /EWS/Exchange.asmx: TaskPaneCors (OPTIONS, CORS headers for add-in origins), then
 * POST /EWS/Exchange.asmx ─ EwsRouter ─┬─ Bearer ──────────────── CallbackGate ─┬─ refused: answered here
 *                                      │                                        └─ allowed: UpstreamProxy (service account)
 *                                      ├─ ewstoken's operations ─ the server's own EWS endpoint
 *                                      └─ anything else ───────── UpstreamProxy (unchanged)
 * under upstream-paths ─── PathRouter ─┬─ no Bearer ──────────── UpstreamProxy (unchanged)
 * (where no other route is)            └─ Bearer ─────────────── CallbackGate (refused: EWS only)
 * The routes are the server's one route table: the front wraps its EWS route and adds prefix routes.
 * </pre>
 * A feature like the server's own, found on the class path ({@code META-INF/services/org.ewstoken.server.Feature}).
 */
public final class FrontExtension implements Feature.Front {

    @Override
    public boolean wanted(ServerConfig config) {
        return config.front().enabled();
    }

    @Override
    public Installed install(Context context) {
        ServerConfig config = context.config();
        FrontSettings settings = config.front();
        URI upstream = settings.ewsUrl().orElseThrow();
        FrontMetrics metrics = new FrontMetrics(context.metrics().registry());
        UpstreamProxy proxy = new UpstreamProxy(client(context, settings), connector(context, settings), upstream,
                config.listeners().trustForwardedHeaders(), settings.idleTimeout(), settings.timeout(),
                context.writer(), metrics);
        proxy.setServer(context.jetty());
        CallbackAudit audit = new CallbackAudit(context.installation().database().callbackUseLog(),
                config.cluster().effectiveNodeName(), context.clock(), config.cluster().auditRetention());
        WstxInputFactory xml = CallbackRequest.factory(context.limits());
        Handler gate = CallbackGate.create(context, settings, proxy, metrics, audit, xml);
        // ewstoken's own operations: the upstream checks Basic passwords and relays NTLM/Negotiate (FrontSignIn).
        FrontSignIn signIn = FrontSignIn.install(context, proxy, xml,
                new AliasMailboxes(context.installation().store()::findUser));
        NegotiateRelay relay = signIn.relay();
        OperationClassifier classifier = new OperationClassifier(context.limits());
        PathRouter upstreamPaths = new PathRouter(gate, proxy, metrics);
        AddInOrigins origins = new AddInOrigins(context.installation().store(), context.registry(),
                config.registryCacheTtl(), System::nanoTime);
        HttpFeature routes = table -> {
            table.wrap(ServerUrls.EWS, local -> new TaskPaneCors(origins,
                    new EwsRouter(classifier, local, gate, proxy, metrics, relay, config.maxRequestBytes())), "OPTIONS");
            for (String prefix : settings.paths()) table.prefix(prefix, "upstream", upstreamPaths);
        };
        Installed installed = Installed.routes(routes)
                .with(Lifecycle.managed(proxy)) // started and stopped with the server, with its HTTP client
                .with(Lifecycle.managed(audit));
        return signIn.addTo(installed);
    }

    /** Connections to the upstream: TLS verified, the front's timeouts, the server's threads (no second pool to size). */
    private static ClientConnector connector(Context context, FrontSettings settings) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(UpstreamTls.context(settings.caFile()));
        connector.setConnectTimeout(settings.connectTimeout());
        connector.setIdleTimeout(settings.idleTimeout());
        connector.setExecutor(context.jetty().getThreadPool());
        return connector;
    }

    private static HttpClient client(Context context, FrontSettings settings) {
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector(context, settings)));
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
