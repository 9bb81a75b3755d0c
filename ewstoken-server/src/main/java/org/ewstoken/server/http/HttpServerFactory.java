package org.ewstoken.server.http;

import java.net.URI;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.protocol.schema.ProtocolSchemas;
import org.ewstoken.server.addins.AppService;
import org.ewstoken.server.identity.SignIn;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.service.ClientAccessTokenService;

/** Assembles the core feature (EWS, metadata, WSDL); the endpoint classes stay package-private. */
public final class HttpServerFactory {

    private HttpServerFactory() {
    }

    public static HttpFeature core(SignIn signIn, SoapRequestReader reader, SoapResponseWriter writer,
                                   ClientAccessTokenService service, AppService apps, ServerVersionInfo versionInfo,
                                   ServerConfig config, KeyRing keys, String metadataDocumentId, URI metadataUrl,
                                   URI ewsUrl, Defences defences) {
        EwsAdmission admission = new EwsAdmission(signIn, defences.users(), writer);
        EwsEndpoint ews = new EwsEndpoint(admission, reader, writer, service,
                new AppEndpoint(apps, writer, versionInfo), versionInfo,
                config.maxRequestBytes(), config.limits().requestTimeout());
        MetadataEndpoint metadata = new MetadataEndpoint(keys, metadataDocumentId, metadataUrl,
                config.metadataMaxAge());
        return new Routes(ews, metadata, ProtocolSchemas.wsdl(ewsUrl.toString()));
    }
}
