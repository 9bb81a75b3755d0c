package org.ewstoken.store;

import java.time.Instant;

/**
 * A user's own choice about an add-in installed for them: off (with the reason the client gave, a
 * DisableReasonType value such as {@code OutlookClientPerformance}) or on (for an organisation add-in that
 * is off by default).
 *
 * @param enabled       on or off
 * @param disableReason why it was turned off, or null
 * @param at            when the choice was made, truncated to milliseconds
 */
public record UserChoice(boolean enabled, String disableReason, Instant at) {
    public UserChoice {
        at = Values.millis(at, "at");
        if (enabled && disableReason != null) {
            throw new IllegalArgumentException("an enabled add-in has no disable reason");
        }
    }
}
