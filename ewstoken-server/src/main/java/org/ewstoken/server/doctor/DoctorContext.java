package org.ewstoken.server.doctor;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.keys.KeyRing;

/**
 * What the checks are given.
 *
 * @param config      the configuration to check
 * @param publicUrl   the base URL clients use ({@code public-url}, else the listening address)
 * @param metadataUrl the {@code amurl} of the tokens: the metadata document's URL
 * @param keys        the signing keys as the store holds them
 * @param clock       the local clock, compared with the upstream's
 * @param mailbox     a mailbox to try a directory search and impersonation with; empty: those parts are skipped
 */
public record DoctorContext(ServerConfig config, URI publicUrl, URI metadataUrl, KeyRing keys, Clock clock,
                            Optional<String> mailbox) {

    /** The context for a server with these URLs: the {@code amurl} as its tokens name it. */
    public static DoctorContext of(ServerConfig config, ServerUrls urls, KeyRing keys, Clock clock, Optional<String> mailbox) {
        return new DoctorContext(config, urls.base(), urls.metadata(), keys, clock, mailbox);
    }
}
