package org.ewstoken.server.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * What users may do with add-ins themselves (EWS InstallApp), and where the add-in marketplace is.
 *
 * @param usersMayInstall                 whether users may install add-ins for their own mailbox at all
 * @param usersMayInstallReadWriteMailbox whether they may install ones that ask for ReadWriteMailbox, the
 *                                        permission that reaches the whole mailbox
 * @param marketplaceUrl                  what GetAppMarketplaceUrl answers; empty: it answers an error
 */
public record AddInPolicy(boolean usersMayInstall, boolean usersMayInstallReadWriteMailbox,
                          Optional<URI> marketplaceUrl) {

    /** Parses the app-marketplace-url setting. */
    public static Optional<URI> marketplaceUrl(Optional<String> text) {
        return text.map(t -> {
            try {
                URI uri = URI.create(t.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // the message below says what is wrong
            }
            throw new ConfigException("app-marketplace-url must be an absolute http(s) URL, was '" + t + "'");
        });
    }
}
