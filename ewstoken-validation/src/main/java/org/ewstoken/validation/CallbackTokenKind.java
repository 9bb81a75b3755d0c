package org.ewstoken.validation;

import java.util.Optional;

/** The three kinds of callback token, told apart by their {@code ver} claim. */
public enum CallbackTokenKind {
    /** EWS {@code ExtensionCallback}: for the EWS endpoint. */
    EXTENSION_CALLBACK("Exchange.Callback.V1", "ExtensionCallback"),
    /** EWS {@code ExtensionRestApiCallback}: for the REST endpoint. */
    REST_API_CALLBACK("Exchange.RestApiCallback.V1", "ExtensionRestApiCallback"),
    /** EWS {@code ScopedToken}: for the EWS endpoint, limited to its {@code scp}. */
    SCOPED("Exchange.ScopedToken.V1", "ScopedToken");

    private final String version;
    private final String tokenType;

    CallbackTokenKind(String version, String tokenType) {
        this.version = version;
        this.tokenType = tokenType;
    }

    /** The {@code ver} claim, e.g. {@code Exchange.Callback.V1}. */
    public String version() {
        return version;
    }

    /** The EWS {@code TokenType} that asks for this kind, e.g. {@code ExtensionCallback}. */
    public String tokenType() {
        return tokenType;
    }

    public static Optional<CallbackTokenKind> fromVersion(String ver) {
        for (CallbackTokenKind k : values()) {
            if (k.version.equals(ver)) return Optional.of(k);
        }
        return Optional.empty();
    }
}
