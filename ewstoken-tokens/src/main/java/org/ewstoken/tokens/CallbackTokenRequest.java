package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;
import static org.ewstoken.tokens.IdentityTokenRequest.requireNonBlank;

/**
 * What a callback token says.
 *
 * @param kind        which callback token
 * @param smtpAddress {@code smtp}: the mailbox's primary SMTP address
 * @param exchangeUid {@code nameid}: the mailbox's stable unique id on this server
 * @param addInId     {@code appid}: the add-in (extension) id
 * @param permission  {@code perm}: the add-in's permission, e.g. {@code ReadItem}
 * @param scope       {@code scp}: required for {@link CallbackKind#SCOPED}, must be null otherwise
 */
public record CallbackTokenRequest(CallbackKind kind, String smtpAddress, String exchangeUid, String addInId,
                                   String permission, String scope) {

    public CallbackTokenRequest {
        requireNonNull(kind, "kind");
        requireNonBlank("smtpAddress", smtpAddress);
        requireNonBlank("exchangeUid", exchangeUid);
        requireNonBlank("addInId", addInId);
        requireNonBlank("permission", permission);
        if (kind == CallbackKind.SCOPED) {
            requireNonBlank("scope", scope);
        } else if (scope != null) {
            // Refused rather than dropped: a caller passing a scope expects it to limit the token.
            throw new IllegalArgumentException("scope is only allowed for SCOPED tokens, not " + kind);
        }
    }
}
