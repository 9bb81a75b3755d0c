package org.ewstoken.validation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated callback token. It proves what the issuer granted when it issued the token; whether the mailbox
 * still exists and the add-in is still installed and enabled is for the resource server to check against its
 * own records (or ask the issuer's introspection endpoint). What a request may do with it is decided by
 * {@link CallbackTokenAuthorizer}.
 *
 * <p>Tokens come in the form Exchange sends (REFERENCE §5: {@code nameid} {@code <mailbox id>@<realm>},
 * {@code appctxsender} {@code <add-in origin>/@<realm>}, {@code appctx} with {@code oid}, {@code smtp},
 * {@code upn}, {@code scope}). Tokens of the form ewstoken issued before 0.2 ({@code aud} the endpoint URL,
 * {@code smtp}, {@code appid}, {@code perm}, {@code jti} claims) are still accepted while they live (minutes), so an
 * upgrade does not break add-ins in the middle of a request: see {@link #legacyForm()}.
 *
 * @param kind which of the three kinds ({@code ver})
 * @param mailboxUid the mailbox's stable id: {@code nameid} without its {@code @realm}; authoritative over {@link #smtp}
 * @param smtp {@code appctx.smtp}: the mailbox's primary address when issued
 * @param upn {@code appctx.upn}: the user's sign-in name when issued (a legacy token: its smtp)
 * @param scope {@code appctx.scope}: {@code ParentItemId:<EWS item id>} for a token scoped to one item, the
 *     requested scope of a {@link CallbackTokenKind#SCOPED} token, or empty for a mailbox-wide token
 * @param addInOrigin the add-in's web origin, from {@code appctxsender} (empty for a legacy token)
 * @param addInId the add-in's id ({@code appid}): legacy tokens only; Exchange's tokens name the add-in by origin
 * @param tokenId names the token without granting anything (its {@code jti}, or a digest of its signature when it
 *     has none, as Exchange's tokens do not): log this, never the token
 * @param issuer {@code iss}
 * @param audience {@code aud}: {@code 00000002-0000-0ff1-ce00-000000000000/<host>@<realm>} (legacy: the endpoint URL)
 * @param notBefore {@code nbf}
 * @param expiresAt {@code exp}
 * @param keyId the header's {@code x5t}
 * @param claims every payload claim
 */
public record CallbackToken(CallbackTokenKind kind, String mailboxUid, String smtp, String upn, Optional<String> scope,
                            Optional<String> addInOrigin, Optional<String> addInId, String tokenId, String issuer,
                            String audience, Instant notBefore, Instant expiresAt, String keyId, Claims claims) {

    /** The prefix of an item scope: {@code ParentItemId:<EWS item id>}. */
    public static final String PARENT_ITEM_ID = "ParentItemId:";

    public CallbackToken {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mailboxUid, "mailboxUid");
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(upn, "upn");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(addInOrigin, "addInOrigin");
        Objects.requireNonNull(addInId, "addInId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(claims, "claims");
    }

    /** The EWS item id this token is scoped to ({@code scope} {@code ParentItemId:<id>}), if it is item-scoped. */
    public Optional<String> parentItemId() {
        return scope.filter(s -> s.startsWith(PARENT_ITEM_ID)).map(s -> s.substring(PARENT_ITEM_ID.length()));
    }

    /** True for a token in the claim form ewstoken issued before it followed Exchange's (see the class comment). */
    public boolean legacyForm() {
        return addInId.isPresent();
    }
}
