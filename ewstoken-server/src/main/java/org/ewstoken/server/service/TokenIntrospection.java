package org.ewstoken.server.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.MailboxAddIn;
import org.ewstoken.store.Permission;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;
import org.ewstoken.validation.CallbackToken;
import org.ewstoken.validation.CallbackTokenKind;
import org.ewstoken.validation.CallbackTokenValidator;
import org.ewstoken.validation.TokenValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 7662 token introspection of this server's callback tokens: valid by the token library, and still
 * backed by the store now. A token whose mailbox was removed (or re-created under another id), whose
 * add-in was removed, disabled or turned off for the mailbox, or whose permission or scope the add-in no
 * longer has, is inactive: tokens cannot be recalled, so this check is what makes those changes take
 * effect before {@code exp}. The permission reported is the lower of the token's and the add-in's now.
 */
public final class TokenIntrospection {

    private static final Logger LOG = LoggerFactory.getLogger(TokenIntrospection.class);
    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final CallbackTokenValidator validator;
    private final Store store;
    private final Duration maxLifetime;

    /** @param maxLifetime the configured callback token lifetime: a token claiming a longer one is not ours */
    public TokenIntrospection(CallbackTokenValidator validator, Store store, Duration maxLifetime) {
        this.validator = validator;
        this.store = store;
        this.maxLifetime = maxLifetime;
    }

    /** The RFC 7662 answer: {@code {"active":false}} alone, or {@code active} true and what the token carries. */
    public Map<String, Object> introspect(String token) {
        CallbackToken t;
        try {
            t = validator.validate(token);
        } catch (TokenValidationException e) {
            LOG.debug("introspection: inactive ({})", e.reason()); // the message may quote claims; the token never
            return INACTIVE;
        }
        Optional<AddIn> addIn = backing(t);
        if (addIn.isEmpty()) return INACTIVE;
        Permission now = addIn.get().permission();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        out.put("token_type", t.kind().tokenType());
        out.put("ver", t.kind().version());
        out.put("sub", t.mailboxUid());
        out.put("smtp", t.smtp());
        out.put("client_id", t.addInId());
        t.scope().ifPresent(s -> out.put("scope", s));
        out.put("perm", lower(Permission.fromWire(t.permission().wireName()).orElseThrow(), now).wireName());
        out.put("exp", t.expiresAt().getEpochSecond());
        out.put("iat", t.issuedAt().getEpochSecond());
        out.put("nbf", t.notBefore().getEpochSecond());
        out.put("aud", t.audience().toString());
        out.put("iss", t.issuer());
        out.put("jti", t.tokenId());
        return out;
    }

    /** The add-in installation that still backs the token, or empty (and why, at debug level). */
    private Optional<AddIn> backing(CallbackToken t) {
        String why;
        Optional<User> user = store.findUser(t.smtp());
        Optional<MailboxAddIn> installed = user.isEmpty() ? Optional.empty() : store.findAddInFor(t.addInId(), t.smtp());
        if (Duration.between(t.notBefore(), t.expiresAt()).compareTo(maxLifetime) > 0) {
            why = "lifetime longer than callback-token-lifetime";
        } else if (user.isEmpty() || !user.get().exchangeUid().toString().equalsIgnoreCase(t.mailboxUid())) {
            why = "mailbox removed or replaced";
        } else if (installed.isEmpty()) {
            why = "add-in not installed for the mailbox";
        } else if (!installed.get().enabled()) {
            why = "add-in disabled";
        } else if (!installed.get().addIn().permission().atLeast(Permission.READ_ITEM)) {
            why = "add-in permission now below ReadItem";
        } else if (t.kind() == CallbackTokenKind.SCOPED
                && !installed.get().addIn().allowedScopes().contains(t.scope().orElse(""))) {
            why = "scope no longer allowed";
        } else {
            return Optional.of(installed.get().addIn());
        }
        LOG.debug("introspection: token {} inactive: {}", t.tokenId(), why);
        return Optional.empty();
    }

    private static Permission lower(Permission a, Permission b) {
        return a.atLeast(b) ? b : a;
    }
}
