package org.ewstoken.server.service;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.MailboxAddIn;
import org.ewstoken.store.Permission;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;
import org.ewstoken.tokens.CallbackTokenRequest;
import org.ewstoken.validation.CallbackToken;
import org.ewstoken.validation.CallbackTokenKind;
import org.ewstoken.validation.CallbackTokenValidator;
import org.ewstoken.validation.TokenValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 7662 token introspection of this server's callback tokens: valid by the token library, and still
 * backed by the store now. Exchange's callback tokens name the add-in by its origin ({@code appctxsender}), so the
 * add-in is the one installed for the mailbox whose audience URL has that origin. A token whose mailbox was removed
 * (or re-created under another id), whose add-in was removed, disabled or turned off for the mailbox, or whose
 * permission or scope the add-in no longer has, is inactive: tokens cannot be recalled, so this check is what makes
 * those changes take effect before {@code exp}. The permission reported is the add-in's now (for a legacy token,
 * the lower of that and the token's {@code perm}).
 *
 * @param maxLifetime the configured callback token lifetime: a token claiming a longer one is not ours
 */
public record TokenIntrospection(CallbackTokenValidator validator, Store store, Duration maxLifetime) {

    private static final Logger LOG = LoggerFactory.getLogger(TokenIntrospection.class);
    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    /** What a presented callback token comes to now. */
    public sealed interface Verdict permits Active, Inactive {}

    /** Valid, and still backed by an enabled installation of {@code addIn} for the token's mailbox. */
    public record Active(CallbackToken token, AddIn addIn) implements Verdict {}

    /**
     * Not (or no longer) good; {@code reason} is a fixed word for logs and metric labels: a {@link
     * org.ewstoken.validation.FailureReason} in lower case, or lifetime_too_long, mailbox_gone,
     * add_in_not_installed, add_in_disabled. Never the token.
     */
    public record Inactive(String reason) implements Verdict {}

    /** Validates {@code token} with the token library, then checks the store still backs it. */
    public Verdict check(String token) {
        CallbackToken t;
        try {
            t = validator.validate(token);
        } catch (TokenValidationException e) {
            LOG.debug("introspection: inactive ({})", e.reason()); // the message may quote claims; the token never
            return new Inactive(e.reason().name().toLowerCase(Locale.ROOT));
        }
        return backing(t);
    }

    /** The RFC 7662 answer: {@code {"active":false}} alone, or {@code active} true and what the token carries. */
    public Map<String, Object> introspect(String token) {
        if (!(check(token) instanceof Active active)) return INACTIVE;
        CallbackToken t = active.token();
        Optional<AddIn> addIn = Optional.of(active.addIn());
        Permission now = addIn.get().permission();
        Permission granted = t.legacyForm()
                ? lower(Permission.fromWire(t.claims().string("perm").orElse("")).orElse(Permission.READ_ITEM), now) : now;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        out.put("token_type", t.kind().tokenType());
        out.put("ver", t.kind().version());
        out.put("sub", t.mailboxUid());
        out.put("smtp", t.smtp());
        out.put("upn", t.upn());
        out.put("client_id", addIn.get().id());
        t.scope().ifPresent(s -> out.put("scope", s));
        out.put("perm", granted.wireName());
        out.put("exp", t.expiresAt().getEpochSecond());
        out.put("nbf", t.notBefore().getEpochSecond());
        out.put("aud", t.audience());
        out.put("iss", t.issuer());
        out.put("jti", t.tokenId());
        return out;
    }

    /** The add-in installation that still backs the token, or why not (also at debug level). */
    private Verdict backing(CallbackToken t) {
        String why;
        String reason;
        Optional<User> user = store.findUser(t.smtp());
        List<MailboxAddIn> installed = user.isEmpty() ? List.of() : installedFor(t);
        List<MailboxAddIn> usable = installed.stream()
                .filter(MailboxAddIn::enabled)
                .filter(a -> a.addIn().permission().atLeast(Permission.READ_ITEM))
                .filter(a -> t.kind() != CallbackTokenKind.SCOPED || a.addIn().allowedScopes().contains(t.scope().orElse("")))
                .toList();
        if (Duration.between(t.notBefore(), t.expiresAt()).compareTo(maxLifetime) > 0) {
            why = "lifetime longer than callback-token-lifetime";
            reason = "lifetime_too_long";
        } else if (user.isEmpty() || !user.get().exchangeUid().toString().equalsIgnoreCase(t.mailboxUid())) {
            why = "mailbox removed or replaced";
            reason = "mailbox_gone";
        } else if (installed.isEmpty()) {
            why = "add-in not installed for the mailbox";
            reason = "add_in_not_installed";
        } else if (usable.isEmpty()) {
            why = "add-in disabled, below ReadItem now, or its scope no longer allowed";
            reason = "add_in_disabled";
        } else {
            // Exchange's tokens name the add-in by origin; of several add-ins there, the least permission counts.
            return new Active(t, usable.stream().map(MailboxAddIn::addIn).min(Comparator.comparing(AddIn::permission))
                    .orElseThrow());
        }
        LOG.debug("introspection: token {} inactive: {}", t.tokenId(), why);
        return new Inactive(reason);
    }

    /** The installations the token names: by {@code appid} (legacy tokens) or by the add-in's origin. */
    private List<MailboxAddIn> installedFor(CallbackToken t) {
        if (t.addInId().isPresent()) {
            return store.findAddInFor(t.addInId().get(), t.smtp()).stream().toList();
        }
        String origin = t.addInOrigin().orElse("");
        return store.listAddInsFor(t.smtp()).stream().filter(a -> origin.equals(originOf(a.addIn()))).toList();
    }

    private static String originOf(AddIn addIn) {
        try {
            return CallbackTokenRequest.originOf(addIn.audienceUrl());
        } catch (IllegalArgumentException notAUrl) {
            return null;
        }
    }

    private static Permission lower(Permission a, Permission b) {
        return a.atLeast(b) ? b : a;
    }
}
