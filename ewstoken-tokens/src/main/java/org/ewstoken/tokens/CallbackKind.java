package org.ewstoken.tokens;

/** The three callback token types; each names its {@code ver} claim. */
public enum CallbackKind {
    /** {@code ExtensionCallback}: EWS access for the add-in's back end; {@code aud} is the EWS URL. */
    EXTENSION_CALLBACK("Exchange.Callback.V1"),
    /** {@code ExtensionRestApiCallback}: the same for the REST API; {@code aud} is the REST URL. */
    REST_API_CALLBACK("Exchange.RestApiCallback.V1"),
    /** {@code ScopedToken}: limited to the requested scope ({@code scp}); {@code aud} is the EWS URL. */
    SCOPED("Exchange.ScopedToken.V1");

    private final String version;

    CallbackKind(String version) {
        this.version = version;
    }

    /** The {@code ver} claim of tokens of this kind. */
    public String version() {
        return version;
    }
}
