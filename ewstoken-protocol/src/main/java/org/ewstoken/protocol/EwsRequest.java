package org.ewstoken.protocol;

import java.util.Objects;

/**
 * A parsed request.
 *
 * @param version          the requested version; {@link ExchangeVersion#LATEST} when the header is absent
 * @param versionSpecified whether the request carried {@code t:RequestServerVersion}
 * @param operation        the operation in the body
 */
public record EwsRequest(ExchangeVersion version, boolean versionSpecified, EwsOperation operation) {
    public EwsRequest {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(operation, "operation");
    }
}
