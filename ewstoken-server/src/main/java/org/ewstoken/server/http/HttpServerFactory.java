package org.ewstoken.server.http;

import java.net.URI;
import org.eclipse.jetty.server.Handler;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.protocol.schema.ProtocolSchemas;
import org.ewstoken.server.addins.AppService;
import org.ewstoken.server.auth.BasicAuthenticator;
import org.ewstoken.server.auth.LoginGuard;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.service.ClientAccessTokenService;

/** Assembles the HTTP handlers; the endpoint classes stay package-private. */
public final class HttpServerFactory {

    private HttpServerFactory() {
    }

    public static Routes routes(BasicAuthenticator authenticator, SoapRequestReader reader, SoapResponseWriter writer,
                                 ClientAccessTokenService service, AppService apps, ServerVersionInfo versionInfo,
                                 ServerConfig config,
                                 KeyRing keys, String metadataDocumentId, URI metadataUrl, URI ewsUrl,
                                 Defences defences, ValidationEndpoints validation, OpsEndpoints ops) {
        EwsAdmission admission = new EwsAdmission(new LoginGuard(authenticator, defences.logins()), defences.users(),
                writer, metadataUrl.getHost());
        EwsEndpoint ews = new EwsEndpoint(admission, reader, writer, service,
                new AppEndpoint(apps, writer, versionInfo), versionInfo,
                config.maxRequestBytes(), config.limits().requestTimeout());
        MetadataEndpoint metadata = new MetadataEndpoint(keys, metadataDocumentId, metadataUrl,
                config.metadataMaxAge());
        return new Routes(ews, metadata, ProtocolSchemas.wsdl(ewsUrl.toString()), validation, ops);
    }
}
