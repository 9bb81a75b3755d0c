package org.ewstoken.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.schema.ProtocolSchemas;

/**
 * The routes of the Exchange-shaped core ({@link EwsFeature}): the EWS endpoint, the authentication metadata
 * document, and the WSDL with its schemas. Another feature may wrap the EWS route ({@link ServerUrls#EWS}).
 */
final class Routes implements HttpFeature {

    private static final String[] SCHEMAS = {"messages.xsd", "types.xsd", "errors.xsd", "soap-envelope.xsd"};

    private final EwsEndpoint ews;
    private final MetadataEndpoint metadata;
    private final byte[] wsdl;

    Routes(EwsEndpoint ews, MetadataEndpoint metadata, byte[] wsdl) {
        this.ews = ews;
        this.metadata = metadata;
        this.wsdl = wsdl;
    }

    @Override
    public void addRoutes(RouteTable.Builder routes) {
        // Non-blocking: it answers at once what needs no waiting and hands the rest to the pool itself.
        routes.exact(ServerUrls.EWS, EwsEndpoint.ROUTE, Route.nonBlocking((request, response, callback) -> {
            ews.handleAtOnce(request, response, callback);
            return true;
        }), "POST");
        routes.exact(ServerUrls.METADATA, "metadata", (request, response, callback) -> {
            metadata.handle(request, response, callback);
            return true;
        }, "GET");
        routes.exact(ServerUrls.WSDL, "wsdl", (request, response, callback) -> staticXml(response, callback, wsdl), "GET");
        for (String name : SCHEMAS) {
            byte[] schema = ProtocolSchemas.resource(name);
            routes.exact(ServerUrls.EWS_DIRECTORY + name, "wsdl", (request, response, callback) -> staticXml(response, callback, schema), "GET");
        }
    }

    private static boolean staticXml(Response response, Callback callback, byte[] body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=86400");
        HttpResponses.send(response, callback, 200, HttpResponses.XML, body);
        return true;
    }
}
