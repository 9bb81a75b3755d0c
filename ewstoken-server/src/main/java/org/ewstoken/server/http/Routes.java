package org.ewstoken.server.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.schema.ProtocolSchemas;
import org.ewstoken.server.ServerExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the few paths this server answers. Paths are matched case-insensitively, as IIS does for
 * Exchange's virtual directories.
 */
public final class Routes extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    private final EwsEndpoint ews;
    private final MetadataEndpoint metadata;
    private final byte[] wsdl;
    private final ValidationEndpoints validation;
    private final OpsEndpoints ops;
    /** POST /EWS/Exchange.asmx, and what no route answers: an extension (the EWS front) may replace them. */
    private Handler ewsHandler;
    private Handler fallback = new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            return false;
        }
    };

    Routes(EwsEndpoint ews, MetadataEndpoint metadata, byte[] wsdl, ValidationEndpoints validation, OpsEndpoints ops) {
        this.ews = ews;
        this.metadata = metadata;
        this.wsdl = wsdl;
        this.validation = validation;
        this.ops = ops;
        this.ewsHandler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ews.handle(request, response, callback);
                return true;
            }
        };
    }

    /** The handler of POST /EWS/Exchange.asmx, and the one asked when nothing else answers. */
    public ServerExtension.Handlers handlers() {
        return new ServerExtension.Handlers(ewsHandler, fallback);
    }

    /** Replaces them (before the server starts). */
    public void handlers(ServerExtension.Handlers handlers) {
        this.ewsHandler = handlers.ews();
        this.fallback = handlers.fallback();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request).toLowerCase(Locale.ROOT);
        String method = request.getMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        try {
            switch (path) {
                case "/ews/exchange.asmx" -> {
                    if (method.equals("POST")) {
                        ewsHandler.handle(request, response, callback);
                    } else if (!fallback.handle(request, response, callback)) {
                        notAllowed(response, callback, "POST",
                                "405 Method Not Allowed: POST a SOAP envelope to this URL.");
                    }
                }
                case "/autodiscover/metadata/json/1" -> {
                    if (get) metadata.handle(request, response, callback);
                    else notAllowed(response, callback, "GET, HEAD", "405 Method Not Allowed.");
                }
                case "/ews/services.wsdl" -> staticXml(method, response, callback, wsdl);
                case "/ews/messages.xsd", "/ews/types.xsd", "/ews/errors.xsd", "/ews/soap-envelope.xsd" ->
                        staticXml(method, response, callback, ProtocolSchemas.resource(path.substring(5)));
                case OpsEndpoints.HEALTH, OpsEndpoints.READY, OpsEndpoints.METRICS -> {
                    if (get) ops.handle(path, request, response, callback);
                    else notAllowed(response, callback, "GET, HEAD", "405 Method Not Allowed.");
                }
                default -> {
                    if (!validation.handle(Request.getPathInContext(request), request, response, callback)
                            && !fallback.handle(request, response, callback)) {
                        HttpResponses.text(response, callback, 404, "404 Not Found.");
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("unexpected failure answering {} {}: {}", method, path, e.toString());
            if (!response.isCommitted()) {
                HttpResponses.text(response, callback, 500, "500 Internal Server Error.");
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    private static void staticXml(String method, Response response, Callback callback, byte[] body) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            notAllowed(response, callback, "GET, HEAD", "405 Method Not Allowed.");
            return;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=86400");
        HttpResponses.send(response, callback, 200, HttpResponses.XML, body);
    }

    private static void notAllowed(Response response, Callback callback, String allow, String message) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        HttpResponses.text(response, callback, 405, message);
    }
}
