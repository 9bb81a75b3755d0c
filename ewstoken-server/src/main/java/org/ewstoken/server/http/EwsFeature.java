package org.ewstoken.server.http;

import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.schema.ProtocolSchemas;
import org.ewstoken.server.Feature;
import org.ewstoken.server.config.ServerConfig;

/**
 * The Exchange-shaped core: the EWS endpoint (GetClientAccessToken and the add-in operations), the
 * authentication metadata document, and the WSDL with its schemas. The endpoint classes stay package-private.
 * Another feature may wrap the EWS route ({@link ServerUrls#EWS}), as the front does.
 */
public final class EwsFeature implements Feature {

    /** The store setting holding the metadata document's id, made once per installation. */
    public static final String METADATA_ID_SETTING = "metadata.document-id";

    /** The schemas beside the WSDL, which it links by relative schemaLocation. */
    private static final List<String> SCHEMAS = List.of(ProtocolSchemas.MESSAGES_XSD, ProtocolSchemas.TYPES_XSD,
            ProtocolSchemas.ERRORS_XSD, ProtocolSchemas.SOAP_ENVELOPE_XSD);

    @Override
    public Installed install(Context c) {
        ServerConfig config = c.config();
        EwsAdmission admission = new EwsAdmission(c.signIn(), c.defences().users(), c.writer());
        EwsEndpoint ews = new EwsEndpoint(admission, new SoapRequestReader(c.limits()), c.writer(), c.tokens(),
                new AppEndpoint(c.apps(), c.writer(), c.versionInfo()), c.versionInfo(),
                config.maxRequestBytes(), config.limits().requestTimeout());
        String documentId = c.installation().store().settingIfAbsent(METADATA_ID_SETTING, "_" + UUID.randomUUID());
        MetadataEndpoint metadata = new MetadataEndpoint(c.keyRing(), documentId, c.urls().metadata(),
                config.metadataMaxAge());
        byte[] wsdl = ProtocolSchemas.wsdl(c.urls().ews().toString());
        return Installed.routes(routes -> {
            // Non-blocking: it answers at once what needs no waiting and hands the rest to the pool itself.
            routes.exact(ServerUrls.EWS, EwsEndpoint.ROUTE, Route.nonBlocking((request, response, callback) -> {
                ews.handleAtOnce(request, response, callback);
                return true;
            }), "POST");
            routes.exact(ServerUrls.METADATA, "metadata", (request, response, callback) -> {
                metadata.handle(request, response, callback);
                return true;
            }, "GET");
            routes.exact(ServerUrls.WSDL, "wsdl", (request, response, callback) -> staticXml(response, callback, wsdl),
                    "GET");
            for (String name : SCHEMAS) {
                byte[] schema = ProtocolSchemas.resource(name);
                routes.exact(ServerUrls.EWS_DIRECTORY + name, "wsdl",
                        (request, response, callback) -> staticXml(response, callback, schema), "GET");
            }
        });
    }

    private static boolean staticXml(Response response, Callback callback, byte[] body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=86400");
        HttpResponses.send(response, callback, 200, HttpResponses.XML, body);
        return true;
    }
}
