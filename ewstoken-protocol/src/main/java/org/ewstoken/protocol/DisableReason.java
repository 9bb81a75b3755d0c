package org.ewstoken.protocol;

import java.util.Optional;

/** The values of {@code t:DisableReasonType}: why a client turned an add-in off. */
public enum DisableReason {
    NO_REASON("NoReason"),
    OUTLOOK_CLIENT_PERFORMANCE("OutlookClientPerformance"),
    OWA_CLIENT_PERFORMANCE("OWAClientPerformance"),
    MOBILE_CLIENT_PERFORMANCE("MobileClientPerformance");

    private static final WireNames<DisableReason> WIRE_NAMES = new WireNames<>(values(), DisableReason::wireName);

    private final String wireName;

    DisableReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Exact, case-sensitive, untrimmed match: xs:string enumerations preserve whitespace. */
    public static Optional<DisableReason> fromWire(String wireName) {
        return WIRE_NAMES.find(wireName);
    }
}
