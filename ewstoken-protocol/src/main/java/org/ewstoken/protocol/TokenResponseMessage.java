package org.ewstoken.protocol;

import java.util.Objects;

/** One {@code m:GetClientAccessTokenResponseMessage}, in the order of the request's TokenRequests. */
public sealed interface TokenResponseMessage permits TokenResponseMessage.Success, TokenResponseMessage.Failure {

    /**
     * ResponseClass Success, ResponseCode NoError, and the token.
     *
     * @param ttlMinutes remaining validity in minutes (Exchange answers an 8-hour token with 479)
     */
    record Success(String id, TokenType type, String tokenValue, long ttlMinutes) implements TokenResponseMessage {
        public Success {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(tokenValue, "tokenValue");
            if (ttlMinutes < 0) {
                throw new IllegalArgumentException("ttlMinutes must not be negative, was " + ttlMinutes);
            }
        }
    }

    /**
     * ResponseClass Error with MessageText, ResponseCode and DescriptiveLinkKey 0, and no token.
     *
     * @param responseCode a {@code m:ResponseCodeType} value other than NoError, e.g. ErrorExtensionNotFound
     */
    record Failure(String responseCode, String messageText) implements TokenResponseMessage {
        public Failure {
            ResponseCodes.requireErrorCode(responseCode);
            Objects.requireNonNull(messageText, "messageText");
        }
    }
}
