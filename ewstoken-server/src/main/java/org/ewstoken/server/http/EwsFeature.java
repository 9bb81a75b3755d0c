package org.ewstoken.server.http;

import java.util.UUID;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.schema.ProtocolSchemas;
import org.ewstoken.server.Feature;
import org.ewstoken.server.config.ServerConfig;

/**
 * The Exchange-shaped core: the EWS endpoint (GetClientAccessToken and the add-in operations), the
 * authentication metadata document, and the WSDL with its schemas. The endpoint classes stay package-private.
 */
public final class EwsFeature implements Feature {

    /** The store setting holding the metadata document's id, made once per installation. */
    public static final String METADATA_ID_SETTING = "metadata.document-id";

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
        return Installed.routes(new Routes(ews, metadata, ProtocolSchemas.wsdl(c.urls().ews().toString())));
    }
}
