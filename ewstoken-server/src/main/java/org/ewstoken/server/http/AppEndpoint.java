package org.ewstoken.server.http;

import org.ewstoken.protocol.DisableApp;
import org.ewstoken.protocol.EwsOperation;
import org.ewstoken.protocol.EwsRequest;
import org.ewstoken.protocol.ExchangeVersion;
import org.ewstoken.protocol.GetAppManifests;
import org.ewstoken.protocol.GetAppMarketplaceUrl;
import org.ewstoken.protocol.GetClientAccessToken;
import org.ewstoken.protocol.InstallApp;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.protocol.UninstallApp;
import org.ewstoken.server.addins.AppRefusal;
import org.ewstoken.server.addins.AppService;
import org.ewstoken.store.User;

/**
 * Answers the app-management operations (everything but GetClientAccessToken): runs the rule in
 * {@link AppService} and writes the response, or the EWS error response the rule refused with.
 */
record AppEndpoint(AppService apps, SoapResponseWriter writer, ServerVersionInfo versionInfo) {

    /** @param mayInstall false when the sign-in source's groups do not let this caller install add-ins */
    byte[] answer(User caller, boolean mayInstall, EwsRequest request) {
        EwsOperation op = request.operation();
        try {
            if (op instanceof GetAppManifests get) {
                // Exchange 2013 SP1 and later answer with Apps (each with its metadata), Exchange 2013 with Manifests.
                boolean asApps = request.version().atLeast(ExchangeVersion.EXCHANGE2013_SP1);
                return writer.getAppManifestsResponse(versionInfo, apps.manifests(caller, get), asApps);
            } else if (op instanceof InstallApp install) {
                if (!mayInstall) {
                    throw new AppRefusal("ErrorAccessDenied", "Your account may not install add-ins on this server.");
                }
                AppService.InstallOutcome outcome = apps.install(caller, install.manifest());
                return writer.installAppResponse(versionInfo, outcome.firstInstall(), outcome.app());
            } else if (op instanceof UninstallApp uninstall) {
                apps.uninstall(caller, uninstall.id());
                return writer.uninstallAppResponse(versionInfo);
            } else if (op instanceof DisableApp disable) {
                apps.disable(caller, disable.id(), disable.reason());
                return writer.disableAppResponse(versionInfo);
            } else if (op instanceof GetAppMarketplaceUrl) {
                return writer.getAppMarketplaceUrlResponse(versionInfo, apps.marketplaceUrl().toString());
            } else if (op instanceof GetClientAccessToken) {
                throw new IllegalArgumentException("GetClientAccessToken is not an app-management operation");
            }
            throw new IllegalStateException("unhandled operation " + op.name());
        } catch (AppRefusal refusal) {
            return writer.errorResponse(versionInfo, op, refusal.error());
        }
    }
}
