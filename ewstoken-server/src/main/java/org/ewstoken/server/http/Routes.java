package org.ewstoken.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.schema.ProtocolSchemas;

/**
 * The Exchange-shaped core: the EWS endpoint, the authentication metadata document, and the WSDL with
 * its schemas. Its paths are public so that other features can wrap them ({@link #EWS}).
 */
public final class Routes implements HttpFeature {

    public static final String EWS = "/ews/exchange.asmx";
    public static final String METADATA = "/autodiscover/metadata/json/1";
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
        routes.exact(EWS, "ews", (request, response, callback) -> {
            ews.handle(request, response, callback);
            return true;
        }, "POST");
        routes.exact(METADATA, "metadata", (request, response, callback) -> {
            metadata.handle(request, response, callback);
            return true;
        }, "GET");
        routes.exact("/ews/services.wsdl", "wsdl", (request, response, callback) -> staticXml(response, callback, wsdl), "GET");
        for (String name : SCHEMAS) {
            byte[] schema = ProtocolSchemas.resource(name);
            routes.exact("/ews/" + name, "wsdl", (request, response, callback) -> staticXml(response, callback, schema), "GET");
        }
    }

    private static boolean staticXml(Response response, Callback callback, byte[] body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=86400");
        HttpResponses.send(response, callback, 200, HttpResponses.XML, body);
        return true;
    }
}
