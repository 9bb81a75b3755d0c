package org.ewstoken.protocol;

import java.util.List;

/**
 * {@code m:GetAppManifests}: the manifests of the add-ins installed for the caller's mailbox.
 *
 * @param apiVersionSupported       the newest add-in API (Mailbox requirement set) the client runs, or null
 * @param schemaVersionSupported    the newest manifest schema the client reads, or null
 * @param includeAllInstalledAddIns whether disabled add-ins are wanted too
 * @param extensionIds              only these add-ins (as sent); empty for all
 */
public record GetAppManifests(String apiVersionSupported, String schemaVersionSupported,
                              boolean includeAllInstalledAddIns, List<String> extensionIds) implements EwsOperation {
    public static final String NAME = "GetAppManifests";

    public GetAppManifests {
        extensionIds = List.copyOf(extensionIds);
    }

    @Override
    public String name() {
        return NAME;
    }
}
