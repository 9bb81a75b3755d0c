package org.ewstoken.protocol;

import java.util.List;

/** {@code m:GetClientAccessToken}: one or more token requests, answered in the same order. */
public record GetClientAccessToken(List<TokenRequest> requests) implements EwsOperation {
    public static final String NAME = "GetClientAccessToken";

    public GetClientAccessToken {
        requests = List.copyOf(requests);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("GetClientAccessToken needs at least one TokenRequest");
        }
    }

    @Override
    public String name() {
        return NAME;
    }
}
