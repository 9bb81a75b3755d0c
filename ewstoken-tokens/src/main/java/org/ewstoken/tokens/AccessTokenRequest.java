package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What an access token given by token exchange (RFC 8693) says; an RFC 9068-style JWT.
 *
 * @param issuer    {@code iss}: the OpenID discovery issuer (the public URL)
 * @param subject   {@code sub}: the mailbox's stable id, as the identity token's {@code msexchuid}
 * @param audience  {@code aud}: the add-in back end's audience
 * @param clientId  {@code client_id}: the add-in id
 * @param expiresAt {@code exp}: the caller keeps it no later than the identity token's
 * @param tokenId   {@code jti}: unique per token
 * @param email     {@code email}, or null to leave it out
 */
public record AccessTokenRequest(String issuer, String subject, String audience, String clientId, Instant expiresAt,
                                 String tokenId, String email) {

    public AccessTokenRequest {
        IdentityTokenRequest.requireNonBlank("issuer", issuer);
        IdentityTokenRequest.requireNonBlank("subject", subject);
        IdentityTokenRequest.requireNonBlank("audience", audience);
        IdentityTokenRequest.requireNonBlank("clientId", clientId);
        requireNonNull(expiresAt, "expiresAt");
        IdentityTokenRequest.requireNonBlank("tokenId", tokenId);
    }
}
