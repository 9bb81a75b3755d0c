package org.ewstoken.server.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ewstoken.protocol.GetClientAccessToken;
import org.ewstoken.protocol.TokenRequest;
import org.ewstoken.protocol.TokenResponseMessage;
import org.ewstoken.protocol.TokenType;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.MailboxAddIn;
import org.ewstoken.store.Permission;
import org.ewstoken.store.User;
import org.ewstoken.tokens.CallbackKind;
import org.ewstoken.tokens.CallbackTokenRequest;
import org.ewstoken.tokens.IdentityTokenRequest;
import org.ewstoken.tokens.IssuedToken;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.TokenMinter;

/**
 * The rules of GetClientAccessToken: which add-in may have which token for which mailbox. Each
 * TokenRequest is answered on its own, so one bad request never fails the others.
 */
public record ClientAccessTokenService(RegistryCache registry, KeyRing keys, TokenMinter minter, Clock clock,
                                       IdentityTokenCache identityTokens, TokenIssuedListener issued) {

    /** Token types Exchange knows and this server does not issue. */
    private static final Set<TokenType> UNSUPPORTED = EnumSet.of(TokenType.CONNECTORS, TokenType.LOKI, TokenType.DESKTOP_OUTLOOK);

    static final String NOT_ENOUGH_PERMISSION = "The caller does not have enough permission for this token request.";

    public ClientAccessTokenService(RegistryCache registry, KeyRing keys, TokenMinter minter, Clock clock,
                                    IdentityTokenCache identityTokens) {
        this(registry, keys, minter, clock, identityTokens, TokenIssuedListener.NONE);
    }

    public List<TokenResponseMessage> issue(User caller, GetClientAccessToken operation) {
        Map<String, Optional<MailboxAddIn>> addIns = new HashMap<>();
        List<TokenResponseMessage> out = new ArrayList<>(operation.requests().size());
        for (TokenRequest request : operation.requests()) {
            Optional<MailboxAddIn> addIn = addIns.computeIfAbsent(request.id().trim().toLowerCase(Locale.ROOT),
                    id -> registry.addInFor(id, caller));
            out.add(answer(caller, request, addIn));
        }
        return out;
    }

    /**
     * Whether {@link #issue} would answer without waiting and with at most {@code signatures} RSA signatures:
     * each TokenRequest's add-in is in the registry cache (no query), and it is answered with an error, an
     * identity token the reuse cache holds, or one of the signatures allowed. The caches may change in
     * between: then {@link #issue} makes one query or one signature more, which is slower, never wrong.
     */
    public boolean answersAtOnce(User caller, GetClientAccessToken operation, int signatures) {
        SigningKey key = keys.signingKey();
        int signed = 0;
        for (TokenRequest request : operation.requests()) {
            if (UNSUPPORTED.contains(request.type())) continue;
            if (!registry.holdsAddInFor(request.id(), caller)) return false;
            Optional<MailboxAddIn> found = registry.addInFor(request.id(), caller);
            if (found.isEmpty() || !found.get().enabled()) continue; // an error message
            boolean reused = request.type() == TokenType.CALLER_IDENTITY && identityTokens.holds(caller, found.get().addIn(), key);
            if (!reused && ++signed > signatures) return false;
        }
        return true;
    }

    private TokenResponseMessage answer(User caller, TokenRequest request, Optional<MailboxAddIn> found) {
        if (UNSUPPORTED.contains(request.type())) {
            return invalid("The token type '" + request.type().wireName() + "' is not supported by this server.");
        }
        if (found.isEmpty()) {
            return new TokenResponseMessage.Failure("ErrorExtensionNotFound",
                    "The extension with id '" + request.id() + "' is not installed for this mailbox.");
        }
        AddIn addIn = found.get().addIn();
        if (!found.get().enabled()) { // the administrator's switch, mandatory, the user's choice, the default
            return invalid("The extension with id '" + request.id() + "' is disabled.");
        }
        IssuedToken token;
        switch (request.type()) {
            case CALLER_IDENTITY -> {
                if (!addIn.permission().atLeast(Permission.READ_ITEM)) return invalid(NOT_ENOUGH_PERMISSION);
                SigningKey key = keys.signingKey();
                token = identityTokens.get(caller, addIn, key, () -> minter.identityToken(key,
                        new IdentityTokenRequest(addIn.audienceUrl(), caller.exchangeUid().toString(), false)));
            }
            case EXTENSION_CALLBACK -> {
                if (!addIn.permission().atLeast(Permission.READ_ITEM)) return invalid(NOT_ENOUGH_PERMISSION);
                ItemScope item = ItemScope.of(request);
                if (item instanceof ItemScope.Refused r) return invalid(r.message());
                String scope = item instanceof ItemScope.Item i ? i.scope() : null; // none named: mailbox-wide, read-only
                token = minter.callbackToken(keys.signingKey(), callback(CallbackKind.EXTENSION_CALLBACK, caller, addIn, scope));
            }
            case EXTENSION_REST_API_CALLBACK -> {
                // Mailbox-scoped, as Exchange's REST callback token (REFERENCE §5): a Scope is not looked at.
                if (!addIn.permission().atLeast(Permission.READ_ITEM)) return invalid(NOT_ENOUGH_PERMISSION);
                token = minter.callbackToken(keys.signingKey(), callback(CallbackKind.REST_API_CALLBACK, caller, addIn, null));
            }
            case SCOPED_TOKEN -> {
                String scope = request.scope() == null ? "" : request.scope().trim();
                if (scope.isEmpty()) return invalid("A ScopedToken request must name a Scope.");
                if (!addIn.allowedScopes().contains(scope)) {
                    return invalid("The extension may not request a token for the scope '" + scope + "'.");
                }
                token = minter.callbackToken(keys.signingKey(), callback(CallbackKind.SCOPED, caller, addIn, scope));
            }
            default -> throw new IllegalStateException("unhandled token type " + request.type());
        }
        issued.issued(caller, addIn, request.type(), token);
        return new TokenResponseMessage.Success(request.id(), request.type(), token.value(), ttlMinutes(token));
    }

    /** Whole minutes of validity left, as Exchange counts them (an 8-hour token answers 479). */
    private long ttlMinutes(IssuedToken token) {
        return Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toMinutes());
    }

    /** The caller signs in with its SMTP address, so that is its {@code upn} too. */
    private static CallbackTokenRequest callback(CallbackKind kind, User caller, AddIn addIn, String scope) {
        return new CallbackTokenRequest(kind, caller.exchangeUid().toString(), caller.smtpAddress(), caller.smtpAddress(),
                CallbackTokenRequest.originOf(addIn.audienceUrl()), scope);
    }

    private static TokenResponseMessage invalid(String text) {
        return new TokenResponseMessage.Failure("ErrorInvalidClientAccessTokenRequest", text);
    }
}
