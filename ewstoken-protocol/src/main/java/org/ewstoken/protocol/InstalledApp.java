package org.ewstoken.protocol;

import java.util.Objects;

/**
 * The {@code m:Extension} of an InstallApp response ({@code t:InstalledAppType}): what was installed.
 * Null components are left out.
 */
public record InstalledApp(String id, boolean enabled, String providerName, String iconUrl,
                           String highResolutionIconUrl, String displayName, String description, String version) {
    public InstalledApp {
        Objects.requireNonNull(id, "id");
    }
}
