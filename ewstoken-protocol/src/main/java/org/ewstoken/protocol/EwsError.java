package org.ewstoken.protocol;

import java.util.Objects;

/**
 * An operation's outcome when it failed: ResponseClass Error, with {@code m:MessageText}, {@code m:ResponseCode}
 * and {@code m:DescriptiveLinkKey} 0.
 *
 * @param responseCode a {@code m:ResponseCodeType} value other than NoError, e.g. ErrorExtensionNotFound
 * @param messageText  what went wrong, for people
 */
public record EwsError(String responseCode, String messageText) {
    public EwsError {
        ResponseCodes.requireErrorCode(responseCode);
        Objects.requireNonNull(messageText, "messageText");
    }
}
