package org.ewstoken.store;

import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An Outlook add-in installed for the organisation or for one mailbox. The same id may be installed
 * for the organisation or for several mailboxes (each with its own copy of the manifest), never both.
 *
 * @param id the manifest GUID, {@code 8-4-4-4-12} hex digits; lowercased on construction
 * @param displayName shown in UIs
 * @param permission the mailbox permission its manifest requests
 * @param audienceUrl the {@code aud} of its identity tokens (its source location)
 * @param allowedScopes OAuth-style scopes it may request; none may be empty or contain whitespace
 *     (the store joins them with spaces). Held as an unmodifiable sorted set.
 * @param enabled the administrator's switch: disabled add-ins keep their registration but get no tokens
 * @param scope who it is installed for
 * @param ownerSmtp the owning user (lowercased) when {@code scope} is USER, otherwise null
 * @param createdAt creation time, truncated to milliseconds (the store's precision)
 * @param version the manifest's Version, or null for an add-in registered without a manifest
 * @param providerName the manifest's ProviderName, or null without a manifest
 * @param mandatory organisation add-ins only: users cannot turn it off or uninstall it
 * @param enabledByDefault organisation add-ins: whether it is on for users who have made no choice
 *     (always true for a user's own add-in)
 */
public record AddIn(String id, String displayName, Permission permission, String audienceUrl,
                    Set<String> allowedScopes, boolean enabled, InstallScope scope, String ownerSmtp,
                    Instant createdAt, String version, String providerName, boolean mandatory,
                    boolean enabledByDefault) {

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public AddIn {
        Objects.requireNonNull(id, "id");
        if (!GUID.matcher(id).matches()) {
            throw new IllegalArgumentException("id is not a GUID of the form 8-4-4-4-12");
        }
        id = id.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(permission, "permission");
        Values.requireText(audienceUrl, "audienceUrl");
        allowedScopes = scopes(allowedScopes);
        Objects.requireNonNull(scope, "scope");
        if (scope == InstallScope.USER) {
            ownerSmtp = Values.smtp(ownerSmtp, "ownerSmtp");
            if (mandatory || !enabledByDefault) {
                throw new IllegalArgumentException("only organisation add-ins can be mandatory or off by default");
            }
        } else if (ownerSmtp != null) {
            throw new IllegalArgumentException("ownerSmtp must be null unless scope is USER");
        }
        createdAt = Values.millis(createdAt, "createdAt");
        if (version != null) {
            Values.requireText(version, "version");
        }
        if (mandatory && !enabledByDefault) {
            throw new IllegalArgumentException("a mandatory add-in is on by default");
        }
    }

    /** An add-in registered without a manifest: no version or provider, optional and on by default. */
    public AddIn(String id, String displayName, Permission permission, String audienceUrl,
                 Set<String> allowedScopes, boolean enabled, InstallScope scope, String ownerSmtp,
                 Instant createdAt) {
        this(id, displayName, permission, audienceUrl, allowedScopes, enabled, scope, ownerSmtp, createdAt,
                null, null, false, true);
    }

    /** A copy with another enabled flag. */
    public AddIn withEnabled(boolean newEnabled) {
        return new AddIn(id, displayName, permission, audienceUrl, allowedScopes, newEnabled, scope,
                ownerSmtp, createdAt, version, providerName, mandatory, enabledByDefault);
    }

    /** Whether it is on for a mailbox that has made the given choice about it (null: no choice). */
    public boolean enabledFor(UserChoice choice) {
        if (!enabled) {
            return false;
        }
        if (mandatory) {
            return true;
        }
        return choice == null ? enabledByDefault : choice.enabled();
    }

    private static Set<String> scopes(Set<String> scopes) {
        Objects.requireNonNull(scopes, "allowedScopes");
        SortedSet<String> copy = new TreeSet<>();
        for (String s : scopes) {
            if (s == null || s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("allowedScopes entries must be non-empty and contain no whitespace");
            }
            copy.add(s);
        }
        return Collections.unmodifiableSortedSet(copy);
    }
}
