package org.ewstoken.server.addins;

import java.util.Objects;
import org.ewstoken.protocol.EwsError;

/** An app-management request that is answered with an EWS error response. Expected, so no stack trace. */
public final class AppRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient EwsError error;

    public AppRefusal(String responseCode, String messageText) {
        super(responseCode + ": " + messageText, null, false, false);
        this.error = new EwsError(responseCode, messageText);
    }

    public EwsError error() {
        return Objects.requireNonNull(error);
    }
}
