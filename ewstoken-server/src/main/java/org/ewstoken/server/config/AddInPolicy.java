package org.ewstoken.server.config;

import java.util.List;
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

    public static final Setting USER_ADD_INS = new Setting("user-add-ins", "true",
            "Whether users may install add-ins for their own mailbox (EWS InstallApp).");
    public static final Setting USER_ADD_INS_READ_WRITE_MAILBOX = new Setting("user-add-ins-read-write-mailbox",
            "false", "Whether users may install add-ins that ask for ReadWriteMailbox (access to the whole mailbox).");
    public static final Setting APP_MARKETPLACE_URL = new Setting("app-marketplace-url", "",
            "What EWS GetAppMarketplaceUrl answers (default: none, and the operation answers an error).");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(USER_ADD_INS, USER_ADD_INS_READ_WRITE_MAILBOX, APP_MARKETPLACE_URL);

    /** Reads this record from the configuration. */
    static AddInPolicy from(SettingValues v) {
        return new AddInPolicy(v.bool(USER_ADD_INS), v.bool(USER_ADD_INS_READ_WRITE_MAILBOX),
                marketplaceUrl(v.optional(APP_MARKETPLACE_URL)));
    }

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
