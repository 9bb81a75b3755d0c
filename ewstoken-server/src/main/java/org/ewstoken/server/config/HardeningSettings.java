package org.ewstoken.server.config;

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

    public HardeningSettings {
        RequestLimits.atLeast(Setting.MAX_CONNECTIONS_PER_ADDRESS, maxConnectionsPerAddress, 0);
        RequestLimits.positive(Setting.HEADER_TIMEOUT, headerTimeout);
        RequestLimits.atLeast(Setting.MAX_CHUNK_EXTENSION_BYTES, maxChunkExtensionBytes, 0);
        RequestLimits.atLeast(Setting.PASSWORD_CHECK_QUEUE, passwordCheckQueue, 0);
        RequestLimits.atLeast(Setting.USER_ADD_INS_MAX, userAddInsMax, 0);
        RequestLimits.atLeast(Setting.USER_ADD_IN_INSTALLS_PER_HOUR, userAddInInstallsPerHour, 0);
        if (opsBind == null || opsBind.isBlank()) throw new ConfigException("ops-bind must not be empty");
        opsPort.ifPresent(p -> {
            if (p < 0 || p > 65535) throw new ConfigException("ops-port must be 0..65535, was " + p);
        });
    }

    /** Whether the operator endpoints have a listener of their own. */
    public boolean opsListener() {
        return opsPort.isPresent();
    }
}
