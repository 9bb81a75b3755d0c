package org.ewstoken.server.http;

import java.net.URI;
import org.eclipse.jetty.server.Handler;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.protocol.schema.ProtocolSchemas;
import org.ewstoken.server.auth.BasicAuthenticator;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.service.ClientAccessTokenService;

/** Assembles the HTTP handlers; the endpoint classes stay package-private. */
public final class HttpServerFactory {

    private HttpServerFactory() {
    }

    public static Handler routes(BasicAuthenticator authenticator, SoapRequestReader reader, SoapResponseWriter writer,
                                 ClientAccessTokenService service, ServerVersionInfo versionInfo, ServerConfig config,
                                 KeyRing keys, String metadataDocumentId, URI metadataUrl, URI ewsUrl) {
        EwsEndpoint ews = new EwsEndpoint(authenticator, reader, writer, service, versionInfo,
                config.maxRequestBytes(), metadataUrl.getHost());
        MetadataEndpoint metadata = new MetadataEndpoint(keys, metadataDocumentId, metadataUrl,
                config.metadataMaxAge());
        return new Routes(ews, metadata, ProtocolSchemas.wsdl(ewsUrl.toString()));
    }
}
