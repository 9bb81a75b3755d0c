package org.ewstoken.server.config;

import java.util.List;
import java.time.Duration;
import java.util.Optional;

/**
 * The bounds of the second hardening round (docs/security.md): what anonymous clients may hold
 * (connections per address, time to send a request head, chunk extension size, password checks
 * waiting), where the operator endpoints listen, and how many add-ins a user may install.
 *
 * @param maxConnectionsPerAddress most open connections from one client address (IPv6: one /64); 0 = no limit
 * @param headerTimeout            time a new connection has to send a complete request line and headers
 * @param maxChunkExtensionBytes   longest chunk extension (the text after a chunk's size) in a chunked body
 * @param passwordCheckQueue       sign-ins that may wait for a password check beyond those running
 * @param opsBind                  address of the operator listener (/readyz, /metrics)
 * @param opsPort                  its port (0 = any free port); empty: no operator listener
 * @param userAddInsMax            most add-ins one user may install for their own mailbox
 * @param userAddInInstallsPerHour most InstallApp calls one user may make in an hour
 */
public record HardeningSettings(int maxConnectionsPerAddress, Duration headerTimeout, int maxChunkExtensionBytes,
                                int passwordCheckQueue, String opsBind, Optional<Integer> opsPort,
                                int userAddInsMax, int userAddInInstallsPerHour) {

    public static final Setting MAX_CONNECTIONS_PER_ADDRESS = new Setting("max-connections-per-address", "64",
            "Most open connections from one client address (IPv6: one /64); 0 = no limit. Not applied with "
                    + "trust-forwarded-headers, where every connection comes from the proxy.");
    public static final Setting HEADER_TIMEOUT = new Setting("header-timeout", "10s",
            "Time a new connection has to send a complete request line and headers, however slowly it trickles "
                    + "(a kept-alive connection has idle-timeout after its previous answer).");
    public static final Setting MAX_CHUNK_EXTENSION_BYTES = new Setting("max-chunk-extension-bytes", "256",
            "Longest chunk extension (the text after a chunk's size) in a chunked request body; longer is refused.");
    public static final Setting PASSWORD_CHECK_QUEUE = new Setting("password-check-queue", "32",
            "Sign-ins that may wait for a password check (Argon2) beyond those running (one per CPU); further "
                    + "ones get HTTP 503 with Retry-After at once. Remembered credentials never wait.");
    public static final Setting OPS_BIND = new Setting("ops-bind", "127.0.0.1",
            "Address of the operator listener (/readyz, /metrics), when ops-port is set.");
    public static final Setting OPS_PORT = new Setting("ops-port", "",
            "Port of the operator listener for /readyz and /metrics (0 = any free port). Unset, they are "
                    + "served on the main listener only when bind is a loopback address.");
    public static final Setting USER_ADD_INS_MAX = new Setting("user-add-ins-max", "50",
            "Most add-ins one user may install for their own mailbox (EWS InstallApp).");
    public static final Setting USER_ADD_IN_INSTALLS_PER_HOUR = new Setting("user-add-in-installs-per-hour", "30",
            "Most InstallApp calls one user may make in an hour.");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(MAX_CONNECTIONS_PER_ADDRESS, HEADER_TIMEOUT,
            MAX_CHUNK_EXTENSION_BYTES, PASSWORD_CHECK_QUEUE, OPS_BIND, OPS_PORT, USER_ADD_INS_MAX,
            USER_ADD_IN_INSTALLS_PER_HOUR);

    /** Reads this record from the configuration. */
    static HardeningSettings from(SettingValues v) {
        return new HardeningSettings(v.integer(MAX_CONNECTIONS_PER_ADDRESS), v.duration(HEADER_TIMEOUT),
                v.integer(MAX_CHUNK_EXTENSION_BYTES), v.integer(PASSWORD_CHECK_QUEUE), v.get(OPS_BIND).trim(),
                v.optionalInteger(OPS_PORT), v.integer(USER_ADD_INS_MAX), v.integer(USER_ADD_IN_INSTALLS_PER_HOUR));
    }

    public HardeningSettings {
        Checks.atLeast(MAX_CONNECTIONS_PER_ADDRESS, maxConnectionsPerAddress, 0);
        Checks.positive(HEADER_TIMEOUT, headerTimeout);
        Checks.atLeast(MAX_CHUNK_EXTENSION_BYTES, maxChunkExtensionBytes, 0);
        Checks.atLeast(PASSWORD_CHECK_QUEUE, passwordCheckQueue, 0);
        Checks.atLeast(USER_ADD_INS_MAX, userAddInsMax, 0);
        Checks.atLeast(USER_ADD_IN_INSTALLS_PER_HOUR, userAddInInstallsPerHour, 0);
        if (opsBind == null || opsBind.isBlank()) throw new ConfigException("ops-bind must not be empty");
        Checks.port(OPS_PORT, opsPort);
    }

    /** Whether the operator endpoints have a listener of their own. */
    public boolean opsListener() {
        return opsPort.isPresent();
    }
}
