package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

/**
 * What an identity token ({@code CallerIdentity}) says.
 *
 * @param audience         {@code aud}: the add-in's URL (first ItemRead/ItemEdit SourceLocation)
 * @param exchangeUid      {@code appctx.msexchuid}: the mailbox's stable unique id on this server
 * @param browserHostedApp {@code isbrowserhostedapp}
 */
public record IdentityTokenRequest(String audience, String exchangeUid, boolean browserHostedApp) {

    public IdentityTokenRequest {
        requireNonBlank("audience", audience);
        requireNonBlank("exchangeUid", exchangeUid);
    }

    static void requireNonBlank(String name, String value) {
        requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
