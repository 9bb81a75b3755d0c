package org.ewstoken.front;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.ewstoken.protocol.SoapResponseWriter;

/**
 * A forwarding engine with nothing of ewstoken around it, for {@code ewstoken-bench/front}: how fast the engine itself
 * can pass requests through, next to which the front's own cost shows.
 * <pre>
 * java -cp ewstoken.jar:ewstoken-bench/target/classes org.ewstoken.front.EngineCeiling PORT UPSTREAM-URL pooled|jetty-proxy
 * </pre>
 * {@code pooled} is the front's pooled engine ({@link UpstreamProxy} as the only handler), {@code jetty-proxy} a bare
 * Jetty {@code ProxyHandler.Reverse} with the default client (the engine before, issue 21).
 */
public final class EngineCeiling {

    private EngineCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("ceiling");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        Handler handler;
        if (args[2].equals("pooled")) {
            ClientConnector upstreamConnector = new ClientConnector();
            upstreamConnector.setExecutor(threads);
            ClientConnector clientConnector = new ClientConnector();
            clientConnector.setExecutor(threads);
            UpstreamProxy proxy = new UpstreamProxy(new HttpClient(new HttpClientTransportOverHTTP(clientConnector)),
                    upstreamConnector, upstream, false, Duration.ofSeconds(60), Duration.ZERO, new SoapResponseWriter(),
                    new FrontMetrics(new PrometheusRegistry()));
            proxy.setServer(server);
            handler = proxy;
        } else {
            handler = new ProxyHandler.Reverse(request -> HttpURI.build(request.getHttpURI())
                    .scheme(upstream.getScheme()).host(upstream.getHost()).port(upstream.getPort()));
        }
        server.setHandler(handler);
        server.start();
        server.join();
    }
}
