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

    private final String wireName;

    TokenType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Exact, case-sensitive, untrimmed match: xs:string enumerations preserve whitespace. */
    public static Optional<TokenType> fromWire(String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (wireName) {
            case "CallerIdentity" -> CALLER_IDENTITY;
            case "ExtensionCallback" -> EXTENSION_CALLBACK;
            case "ScopedToken" -> SCOPED_TOKEN;
            case "ExtensionRestApiCallback" -> EXTENSION_REST_API_CALLBACK;
            case "Connectors" -> CONNECTORS;
            case "Loki" -> LOKI;
            case "DesktopOutlook" -> DESKTOP_OUTLOOK;
            default -> null;
        });
    }
}
