package org.ewstoken.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The client credential that resource servers present (HTTP Basic) at {@code POST /oauth2/introspect}.
 * No client id: the endpoint is off (404). The secret comes from a file (preferred: it stays out of the
 * environment and of {@code ps}) or from the setting itself.
 */
public record IntrospectionSettings(Optional<String> clientId, Optional<Path> secretFile, Optional<String> secret) {

    public static final Setting INTROSPECTION_CLIENT_ID = new Setting("introspection-client-id", "",
            "Client id that resource servers send (HTTP Basic) to POST /oauth2/introspect; unset, the endpoint is off (404).");
    public static final Setting INTROSPECTION_CLIENT_SECRET_FILE = Setting.secret("introspection-client-secret-file", "",
            "File whose first line is the introspection client secret (at least 16 characters).");
    public static final Setting INTROSPECTION_CLIENT_SECRET = Setting.secret("introspection-client-secret", "",
            "The introspection client secret itself; prefer the file.");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(INTROSPECTION_CLIENT_ID, INTROSPECTION_CLIENT_SECRET_FILE,
            INTROSPECTION_CLIENT_SECRET);

    /** Reads this record from the configuration. */
    static IntrospectionSettings from(SettingValues v) {
        return new IntrospectionSettings(v.optional(INTROSPECTION_CLIENT_ID), v.path(INTROSPECTION_CLIENT_SECRET_FILE),
                v.optional(INTROSPECTION_CLIENT_SECRET));
    }

    /** Shorter secrets are refused: this one guards what every callback token grants. */
    public static final int MIN_SECRET_LENGTH = 16;

    /** The credential read at start-up. */
    public record Credential(String clientId, String secret) {
        @Override
        public String toString() {
            return "Credential[clientId=" + clientId + ", secret=***]";
        }
    }

    public IntrospectionSettings {
        if (clientId.isEmpty() && (secretFile.isPresent() || secret.isPresent())) {
            throw new ConfigException("an introspection client secret is set but introspection-client-id is not");
        }
        if (clientId.isPresent() && secretFile.isPresent() == secret.isPresent()) {
            throw new ConfigException("introspection-client-id needs exactly one of introspection-client-secret-file "
                    + "(preferred) and introspection-client-secret");
        }
        if (clientId.isPresent() && clientId.get().contains(":")) {
            throw new ConfigException("introspection-client-id must not contain ':' (HTTP Basic separates id and secret with it)");
        }
    }

    /** The credential, reading the secret file now; empty when the endpoint is off. */
    public Optional<Credential> credential() {
        if (clientId.isEmpty()) return Optional.empty();
        String s = secretFile.map(f -> SecretFiles.firstLine(INTROSPECTION_CLIENT_SECRET_FILE, f))
                .orElseGet(() -> secret.orElseThrow().strip());
        if (s.length() < MIN_SECRET_LENGTH) {
            throw new ConfigException("the introspection client secret must be at least " + MIN_SECRET_LENGTH
                    + " characters (e.g. openssl rand -base64 32)");
        }
        return Optional.of(new Credential(clientId.get(), s));
    }

    @Override
    public String toString() {
        return "IntrospectionSettings[clientId=" + clientId.orElse("-") + ", secretFile="
                + secretFile.map(Path::toString).orElse("-") + ", secret=" + (secret.isPresent() ? "***" : "-") + "]";
    }
}
