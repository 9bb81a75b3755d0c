package org.ewstoken.protocol;

import static org.ewstoken.protocol.FieldSequence.optional;
import static org.ewstoken.protocol.FieldSequence.required;

import java.util.List;
import java.util.function.Function;
import javax.xml.stream.XMLStreamException;
import org.ewstoken.protocol.FieldSequence.Type;

/**
 * Readers of the app-management operations (GetAppManifests, InstallApp, UninstallApp, DisableApp,
 * GetAppMarketplaceUrl), each a {@link FieldSequence} as in messages.xsd. All exist from Exchange2013 on.
 */
final class AppOperationReaders {
    private AppOperationReaders() {}

    static final OperationReader GET_APP_MANIFESTS = new Reader(new FieldSequence(GetAppManifests.NAME,
            optional("ApiVersionSupported", Type.STRING),
            optional("SchemaVersionSupported", Type.STRING),
            optional("IncludeAllInstalledAddIns", Type.BOOLEAN),
            optional("IncludeEntitlementData", Type.BOOLEAN),
            optional("IncludeManifestData", Type.BOOLEAN),
            optional("IncludeCustomAppsData", Type.BOOLEAN),
            optional("ExtensionIds", Type.GUID_LIST),
            // The schema's AddIns (a private add-in catalogue, which this server does not have) would come here.
            optional("IncludeExtensionMetaData", Type.BOOLEAN)),
            v -> new GetAppManifests((String) v[0], (String) v[1], Boolean.TRUE.equals(v[2]),
                    v[6] == null ? List.of() : castList(v[6])));

    static final OperationReader INSTALL_APP = new Reader(new FieldSequence(InstallApp.NAME,
            required("Manifest", Type.BASE64),
            optional("MarketplaceAssetId", Type.STRING),
            optional("MarketplaceContentMarket", Type.STRING),
            optional("SendWelcomeEmail", Type.BOOLEAN),
            optional("ManifestUrl", Type.STRING),
            optional("MarketplaceCorrelationId", Type.STRING),
            optional("CampaignId", Type.STRING),
            optional("Id", Type.STRING)),
            v -> new InstallApp((byte[]) v[0]));

    static final OperationReader UNINSTALL_APP = new Reader(new FieldSequence(UninstallApp.NAME,
            required("ID", Type.STRING)),
            v -> new UninstallApp((String) v[0]));

    static final OperationReader DISABLE_APP = new Reader(new FieldSequence(DisableApp.NAME,
            required("ID", Type.STRING),
            required("DisableReason", Type.DISABLE_REASON)),
            v -> new DisableApp((String) v[0], (DisableReason) v[1]));

    /**
     * The schema gives GetAppMarketplaceUrl no content, but Microsoft's documented request sends
     * ApiVersionSupported and SchemaVersionSupported: they are accepted, and ignored, for that client's sake.
     */
    static final OperationReader GET_APP_MARKETPLACE_URL = new Reader(new FieldSequence(GetAppMarketplaceUrl.NAME,
            optional("ApiVersionSupported", Type.STRING),
            optional("SchemaVersionSupported", Type.STRING)),
            v -> new GetAppMarketplaceUrl());

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    /** An operation whose content is a field sequence. */
    private record Reader(FieldSequence content, Function<Object[], EwsOperation> build) implements OperationReader {
        @Override
        public String name() {
            return content.operation();
        }

        @Override
        public ExchangeVersion minimumVersion() {
            return ExchangeVersion.EXCHANGE2013;
        }

        @Override
        public EwsOperation read(RequestCursor cursor) throws XMLStreamException, EwsFaultException {
            return build.apply(content.read(cursor));
        }
    }
}
