package org.ewstoken.protocol;

import java.util.Objects;

/** The {@code t:ServerVersionInfo} response header. */
public record ServerVersionInfo(int majorVersion, int minorVersion, int majorBuildNumber, int minorBuildNumber,
                                String version) {

    /** Exchange Online's numbers at the newest schema version the project speaks. */
    public static final ServerVersionInfo DEFAULT = new ServerVersionInfo(15, 20, 6000, 0, "V2018_01_08");

    public ServerVersionInfo {
        if (majorVersion < 0 || minorVersion < 0 || majorBuildNumber < 0 || minorBuildNumber < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
        Objects.requireNonNull(version, "version");
    }
}
