package org.ewstoken.validation;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated Exchange identity token: who the user is, for the add-in's back end.
 *
 * @param uniqueId the user's unique id, {@code amurl + msexchuid} as Microsoft documents it: key your user
 *     records by this, never by {@code msexchuid} alone (two Exchange organisations may issue the same one)
 * @param exchangeUid {@code appctx.msexchuid}: the mailbox's id on its server
 * @param metadataUrl {@code appctx.amurl}: the issuing server's metadata document, trusted by the caller's policy
 * @param audience {@code aud}: the add-in URL the token was issued for
 * @param issuer {@code iss}
 * @param notBefore {@code nbf}
 * @param expiresAt {@code exp}: end a session based on this token no later than this
 * @param keyId the header's {@code x5t}: which certificate verified the signature
 * @param claims every payload claim, as sent ({@code appctx} as the token carried it)
 * @param appContext the members of {@code appctx}, parsed
 */
public record IdentityToken(String uniqueId, String exchangeUid, URI metadataUrl, String audience, String issuer,
                            Instant notBefore, Instant expiresAt, String keyId, Claims claims, Claims appContext) {

    public IdentityToken {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(exchangeUid, "exchangeUid");
        Objects.requireNonNull(metadataUrl, "metadataUrl");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(appContext, "appContext");
    }
}
