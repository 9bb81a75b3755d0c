package org.ewstoken.protocol;

/** A parsed EWS operation: the single child of {@code soap:Body}. New operations join the permits list. */
public sealed interface EwsOperation
        permits GetClientAccessToken, GetAppManifests, InstallApp, UninstallApp, DisableApp, GetAppMarketplaceUrl {
    /** The operation's element name in the messages namespace, e.g. {@code GetClientAccessToken}. */
    String name();
}
