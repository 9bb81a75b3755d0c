package org.ewstoken.protocol;

import java.util.Optional;

/** The values of {@code t:ClientAccessTokenTypeType}. */
public enum TokenType {
    CALLER_IDENTITY("CallerIdentity"),
    EXTENSION_CALLBACK("ExtensionCallback"),
    SCOPED_TOKEN("ScopedToken"),
    EXTENSION_REST_API_CALLBACK("ExtensionRestApiCallback"),
    CONNECTORS("Connectors"),
    LOKI("Loki"),
    DESKTOP_OUTLOOK("DesktopOutlook");

    private static final WireNames<TokenType> WIRE_NAMES = new WireNames<>(values(), TokenType::wireName);

    private final String wireName;

    TokenType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Exact, case-sensitive, untrimmed match: xs:string enumerations preserve whitespace. */
    public static Optional<TokenType> fromWire(String wireName) {
        return WIRE_NAMES.find(wireName);
    }
}
