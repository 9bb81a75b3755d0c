package org.ewstoken.front;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.http.ListenerConnector;
import org.ewstoken.server.http.ServerThreads;

/**
 * A forwarding engine with nothing of ewstoken around it, for {@code ewstoken-bench/front}: how fast the engine itself
 * can pass requests through, next to which the front's own cost shows.
 * <pre>
 * java -cp ewstoken.jar:ewstoken-bench/target/classes org.ewstoken.front.EngineCeiling PORT UPSTREAM-URL pooled|jetty-proxy|bare|bare-blocking
 * </pre>
 * {@code pooled} is the front's pooled engine ({@link UpstreamProxy} as the only handler), {@code jetty-proxy} a bare
 * Jetty {@code ProxyHandler.Reverse} with the default client (the engine before, issue 21), {@code bare} a Jetty
 * handler that answers a small SOAP answer at once without any upstream: the ceiling of Jetty's server side alone ({@code bare-blocking}: the same
 * from a blocking handler, with the hand-off to a pool thread that every ewstoken handler had before issue 21.1).
 */
public final class EngineCeiling {

    private static final ByteBuffer ANSWER = ByteBuffer.wrap(("<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope "
            + "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" + "x".repeat(900) + "</s:Body></s:Envelope>")
            .getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

    private EngineCeiling() {
    }

    private static boolean answer(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, ANSWER.remaining());
        response.write(true, ANSWER.slice(), callback);
        return true;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        // -Dceiling.jettyPool=true: Jetty's own pool, which reads a client's next request on a woken pool thread.
        QueuedThreadPool threads = Boolean.getBoolean("ceiling.jettyPool") ? new QueuedThreadPool(200, 8)
                : new ServerThreads(200, 8);
        threads.setName("ceiling");
        Server server = new Server(threads);
        // Experiments only (docs/benchmarks.md): -Dceiling.acceptors/selectors/upstreamSelectors, -1 = Jetty's default;
        // -Dceiling.ownSelectors=true: upstream connections on the client connector's selectors (before issue 21's
        // fourth session), not on the server's selector that serves the client's connection (as the front does).
        int acceptors = Integer.getInteger("ceiling.acceptors", -1);
        // The pooled engine gets one selector per core, as the front's listeners (ServerShell): with its upstream
        // connections on the same selectors, Jetty's default (one on 2 cores) would leave it one core.
        int selectors = Integer.getInteger("ceiling.selectors",
                args[2].equals("pooled") ? Runtime.getRuntime().availableProcessors() : -1);
        ServerConnector connector = Boolean.getBoolean("ceiling.ownSelectors")
                ? new ServerConnector(server, acceptors, selectors)
                : new ListenerConnector(server, acceptors, selectors, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        Handler handler;
        if (args[2].equals("pooled")) {
            ClientConnector upstreamConnector = new ClientConnector();
            upstreamConnector.setExecutor(threads);
            int upstreamSelectors = Integer.getInteger("ceiling.upstreamSelectors", -1);
            if (upstreamSelectors > 0) upstreamConnector.setSelectors(upstreamSelectors);
            ClientConnector clientConnector = new ClientConnector();
            clientConnector.setExecutor(threads);
            UpstreamProxy proxy = new UpstreamProxy(new HttpClient(new HttpClientTransportOverHTTP(clientConnector)),
                    upstreamConnector, upstream, false, Duration.ofSeconds(60), Duration.ZERO, new SoapResponseWriter(),
                    new FrontMetrics(new PrometheusRegistry()));
            proxy.setServer(server);
            handler = proxy;
        } else if (args[2].equals("bare")) {
            handler = new Handler.Abstract.NonBlocking() { // run by the selector thread, no hand-off
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    return answer(response, callback);
                }
            };
        } else if (args[2].equals("bare-blocking")) {
            handler = new Handler.Abstract() { // as the front's handlers are: Jetty hands the request to a pool thread
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    return answer(response, callback);
                }
            };
        } else {
            handler = new ProxyHandler.Reverse(request -> HttpURI.build(request.getHttpURI())
                    .scheme(upstream.getScheme()).host(upstream.getHost()).port(upstream.getPort()));
        }
        server.setHandler(handler);
        server.start();
        server.join();
    }
}
