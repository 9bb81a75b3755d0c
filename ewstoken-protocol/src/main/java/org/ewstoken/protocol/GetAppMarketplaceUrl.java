package org.ewstoken.protocol;

/** {@code m:GetAppMarketplaceUrl}: where the caller can find add-ins to install. */
public record GetAppMarketplaceUrl() implements EwsOperation {
    public static final String NAME = "GetAppMarketplaceUrl";

    @Override
    public String name() {
        return NAME;
    }
}
