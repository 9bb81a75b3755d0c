package org.ewstoken.server.config;

import java.util.List;
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

    public static final Setting NODE_NAME = new Setting("node-name", "",
            "Name of this node in the audit log and metrics (default: the host name).");
    public static final Setting KEY_PRE_PUBLICATION = new Setting("key-pre-publication", "10m",
            "How long a new signing key is published before it signs; at least key-refresh-interval, so "
                    + "every node and verifier has it first.");
    public static final Setting KEY_ROTATION_INTERVAL = new Setting("key-rotation-interval", "",
            "Rotate the signing key automatically this long after the newest one was made, e.g. 30d "
                    + "(default: never). Exactly one node rotates.");
    public static final Setting AUDIT_RETENTION = new Setting("audit-retention", "90d",
            "How long records of issued tokens are kept in the audit log.");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(NODE_NAME, KEY_PRE_PUBLICATION, KEY_ROTATION_INTERVAL,
            AUDIT_RETENTION);

    /** Reads this record from the configuration. */
    static ClusterSettings from(SettingValues v) {
        return new ClusterSettings(v.optional(NODE_NAME), v.duration(KEY_PRE_PUBLICATION),
                v.optional(KEY_ROTATION_INTERVAL).isPresent() ? v.duration(KEY_ROTATION_INTERVAL) : Duration.ZERO,
                v.duration(AUDIT_RETENTION));
    }

    public ClusterSettings {
        Checks.notNegative(KEY_PRE_PUBLICATION, keyPrePublication);
        Checks.notNegative(KEY_ROTATION_INTERVAL, keyRotationInterval);
        if (!keyRotationInterval.isZero() && keyRotationInterval.compareTo(keyPrePublication) <= 0) {
            throw new ConfigException("key-rotation-interval must be longer than key-pre-publication");
        }
        Checks.positive(AUDIT_RETENTION, auditRetention);
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
