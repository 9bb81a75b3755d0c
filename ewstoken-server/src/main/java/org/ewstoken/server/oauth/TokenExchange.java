package org.ewstoken.server.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.ewstoken.server.auth.PasswordHasher;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.keys.PublishedKeys;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.AddInClient;
import org.ewstoken.store.AddInClients;
import org.ewstoken.store.MailboxAddIn;
import org.ewstoken.store.Permission;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;
import org.ewstoken.tokens.AccessTokenRequest;
import org.ewstoken.tokens.IssuedToken;
import org.ewstoken.tokens.TokenMinter;
import org.ewstoken.validation.IdentityToken;
import org.ewstoken.validation.IdentityTokenValidator;
import org.ewstoken.validation.MetadataTrust;
import org.ewstoken.validation.TokenValidationException;

/**
 * The rules of RFC 8693 token exchange for add-in back ends: an authenticated client (the add-in) gives an identity
 * token this server issued for that add-in, and gets an access token for its back-end audience. Refusals carry
 * RFC 6749 §5.2 / RFC 8693 §2.2.2 error codes. The HTTP side is {@link TokenEndpoint}.
 *
 * @param keys      signs the access tokens
 * @param published the certificates this server publishes, which the subject token must be signed with
 * @param issuer    the access tokens' {@code iss}
 * @param issued    told of every access token handed out
 */
record TokenExchange(Store store, AddInClients clients, PasswordHasher hasher, RegistryCache registry, KeyRing keys,
                     PublishedKeys published, TokenMinter minter, URI metadataUrl, String issuer, Clock clock,
                     Issued issued) {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";
    public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    /** Bearer tokens are best short; an identity token lives 8 hours, its exchanged token at most this. */
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    /** An add-in with this among its scopes ({@code apps add --scope email}) gets the mailbox's address as {@code email}. */
    static final String EMAIL_SCOPE = "email";

    /** Told of every access token handed out (the audit log): the mailbox, the add-in, the token (never its value). */
    @FunctionalInterface
    public interface Issued {
        void issued(User mailbox, AddIn addIn, IssuedToken token);
    }

    /** The form's parameters that matter; null when absent. */
    record Request(String grantType, String subjectToken, String subjectTokenType, String requestedTokenType,
                   String audience, String resource, String actorToken) {}

    sealed interface Outcome permits Granted, Refused {}

    record Granted(IssuedToken token, long expiresIn) implements Outcome {}

    /** An error answer: {@code status} 400 or 401, {@code error} an RFC 6749/8693 code. */
    record Refused(int status, String error, String description) implements Outcome {
        static Refused of(String error, String description) {
            return new Refused(400, error, description);
        }
    }

    /**
     * Whether {@code secret} is the add-in's client secret. Add-in ids are public (they are in every manifest), so an
     * unknown one is refused without the Argon2 work that would let anyone spend this server's CPU.
     */
    boolean authenticates(String clientId, String secret) {
        Optional<String> hash = clients.find(clientId).flatMap(AddInClient::secret);
        return hash.isPresent() && hasher.verify(secret.toCharArray(), hash.get());
    }

    /** Exchanges for an authenticated client ({@link #authenticates}). */
    Outcome exchange(String clientId, Request r) {
        if (r.grantType() == null) return Refused.of("invalid_request", "the form has no grant_type");
        if (!r.grantType().equals(GRANT_TYPE)) {
            return Refused.of("unsupported_grant_type", "this server grants only " + GRANT_TYPE);
        }
        if (r.subjectToken() == null || r.subjectToken().isBlank()) {
            return Refused.of("invalid_request", "the form has no subject_token (the add-in's identity token)");
        }
        if (!JWT.equals(r.subjectTokenType())) {
            return Refused.of("invalid_request", "subject_token_type must be " + JWT + " (an identity token)");
        }
        if (r.requestedTokenType() != null && !r.requestedTokenType().equals(ACCESS_TOKEN)) {
            return Refused.of("invalid_request", "requested_token_type can only be " + ACCESS_TOKEN);
        }
        if (r.actorToken() != null) return Refused.of("invalid_request", "delegation (actor_token) is not supported");
        String audience = clients.find(clientId).flatMap(AddInClient::audience).orElse(null);
        if (audience == null) {
            return Refused.of("invalid_target", "the add-in has no back-end audience: an administrator sets one with "
                    + "'ewstoken apps update " + clientId + " --backend-audience URI'");
        }
        for (String asked : new String[] {r.audience(), r.resource()}) {
            if (asked != null && !asked.equals(audience)) {
                return Refused.of("invalid_target", "this add-in's tokens are for " + audience + " only");
            }
        }
        Optional<AddIn> registered = store.findAddIn(clientId);
        if (registered.isEmpty()) return Refused.of("invalid_grant", "the add-in is not installed");
        IdentityToken identity;
        try {
            identity = IdentityTokenValidator.builder().audience(registered.get().audienceUrl())
                    .trust(MetadataTrust.urls(metadataUrl.toString())).keys(published).clock(clock).build()
                    .validate(r.subjectToken().strip());
        } catch (TokenValidationException e) {
            return Refused.of("invalid_grant", "the subject_token is not a valid identity token of this server for "
                    + "this add-in: " + e.getMessage());
        }
        return grant(clientId, identity, audience);
    }

    /** Who the identity token names, and whether that mailbox still has the add-in, enabled, now. */
    private Outcome grant(String clientId, IdentityToken identity, String audience) {
        UUID uid;
        try {
            uid = UUID.fromString(identity.exchangeUid());
        } catch (IllegalArgumentException e) {
            return Refused.of("invalid_grant", "the identity token names no mailbox of this server");
        }
        Optional<User> user = store.findUserByExchangeUid(uid);
        if (user.isEmpty()) return Refused.of("invalid_grant", "the identity token's mailbox no longer exists");
        Optional<MailboxAddIn> seen = registry.addInFor(clientId, user.get().smtpAddress());
        if (seen.isEmpty() || !seen.get().enabled() || !seen.get().addIn().permission().atLeast(Permission.READ_ITEM)
                || !seen.get().addIn().audienceUrl().equals(identity.audience())) {
            return Refused.of("invalid_grant", "the add-in is no longer installed and enabled for this mailbox");
        }
        AddIn addIn = seen.get().addIn();
        Instant cap = clock.instant().plus(MAX_LIFETIME);
        Instant expiresAt = identity.expiresAt().isBefore(cap) ? identity.expiresAt() : cap;
        if (!expiresAt.isAfter(clock.instant().plusSeconds(1))) {
            return Refused.of("invalid_grant", "the identity token expires now: the add-in should ask for a new one");
        }
        String email = addIn.allowedScopes().contains(EMAIL_SCOPE) ? user.get().smtpAddress() : null;
        IssuedToken token = minter.accessToken(keys.signingKey(), new AccessTokenRequest(issuer,
                identity.exchangeUid(), audience, clientId, expiresAt, UUID.randomUUID().toString(), email));
        issued.issued(user.get(), addIn, token);
        return new Granted(token, Math.max(1, Duration.between(clock.instant(), token.expiresAt()).toSeconds()));
    }
}
