package org.ewstoken.validation;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated callback token. It proves what the issuer granted when it issued the token; whether the
 * mailbox still exists and the add-in is still installed, enabled and allowed {@link #permission} is for
 * the resource server to check against its own records (or ask the issuer's introspection endpoint).
 *
 * @param kind which of the three kinds ({@code ver})
 * @param mailboxUid {@code nameid}: the mailbox's stable id, authoritative over {@link #smtp}
 * @param smtp {@code smtp}: the mailbox's primary address when issued
 * @param addInId {@code appid}: the add-in the token was issued to
 * @param permission {@code perm}: the add-in's permission when issued
 * @param scope {@code scp}: present for {@link CallbackTokenKind#SCOPED} tokens only
 * @param tokenId {@code jti}: names the token without granting anything; log this, never the token
 * @param issuer {@code iss}
 * @param audience {@code aud}: the endpoint the token is for
 * @param notBefore {@code nbf}
 * @param expiresAt {@code exp}
 * @param keyId the header's {@code x5t}
 * @param claims every payload claim
 */
public record CallbackToken(CallbackTokenKind kind, String mailboxUid, String smtp, String addInId,
                            AddInPermission permission, Optional<String> scope, String tokenId, String issuer,
                            URI audience, Instant notBefore, Instant expiresAt, String keyId, Claims claims) {

    public CallbackToken {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mailboxUid, "mailboxUid");
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(addInId, "addInId");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(claims, "claims");
    }

    /** {@code iat}: issue time; ewstoken sets it equal to {@link #notBefore}. */
    public Instant issuedAt() {
        return claims.time("iat").orElse(notBefore);
    }
}
