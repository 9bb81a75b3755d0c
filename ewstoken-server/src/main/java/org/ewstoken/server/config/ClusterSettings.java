package org.ewstoken.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * What makes nodes work together: their names, when signing keys change, how long the audit log
 * keeps records.
 *
 * @param nodeName this node's name in the audit log and metrics; empty for the host name
 * @param keyPrePublication how long a new key is published before it signs
 * @param keyRotationInterval the age of the newest key at which one node rotates; zero = never
 * @param auditRetention how long audit records are kept
 */
public record ClusterSettings(Optional<String> nodeName, Duration keyPrePublication, Duration keyRotationInterval,
                              Duration auditRetention) {

    public ClusterSettings {
        if (keyPrePublication.isNegative()) throw new ConfigException("key-pre-publication must not be negative");
        if (keyRotationInterval.isNegative()) throw new ConfigException("key-rotation-interval must not be negative");
        if (!keyRotationInterval.isZero() && keyRotationInterval.compareTo(keyPrePublication) <= 0) {
            throw new ConfigException("key-rotation-interval must be longer than key-pre-publication");
        }
        if (auditRetention.isNegative() || auditRetention.isZero()) {
            throw new ConfigException("audit-retention must be positive");
        }
        if (nodeName.isPresent() && (nodeName.get().length() > 100 || !nodeName.get().matches("[\\w.:@-]+"))) {
            throw new ConfigException("node-name may hold up to 100 letters, digits and . : @ _ -");
        }
    }

    /** The configured node name, else the host name, else "ewstoken". */
    public String effectiveNodeName() {
        return nodeName.orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "ewstoken";
            }
        });
    }

    public boolean scheduledRotation() {
        return !keyRotationInterval.isZero();
    }
}
