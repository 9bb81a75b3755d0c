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
 * An Outlook add-in allowed to obtain tokens.
 *
 * @param id the manifest GUID, {@code 8-4-4-4-12} hex digits; lowercased on construction
 * @param displayName shown in UIs
 * @param permission the mailbox permission its manifest requests
 * @param audienceUrl the {@code aud} of its identity tokens (its source location origin)
 * @param allowedScopes OAuth-style scopes it may request; none may be empty or contain whitespace
 *     (the store joins them with spaces). Held as an unmodifiable sorted set.
 * @param enabled disabled add-ins keep their registration but get no tokens
 * @param scope who it is installed for
 * @param ownerSmtp the owning user (lowercased) when {@code scope} is USER, otherwise null
 * @param createdAt creation time, truncated to milliseconds (the store's precision)
 */
public record AddIn(String id, String displayName, Permission permission, String audienceUrl,
                    Set<String> allowedScopes, boolean enabled, InstallScope scope, String ownerSmtp,
                    Instant createdAt) {

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
        } else if (ownerSmtp != null) {
            throw new IllegalArgumentException("ownerSmtp must be null unless scope is USER");
        }
        createdAt = Values.millis(createdAt, "createdAt");
    }

    /** A copy with another enabled flag. */
    public AddIn withEnabled(boolean newEnabled) {
        return new AddIn(id, displayName, permission, audienceUrl, allowedScopes, newEnabled, scope,
                ownerSmtp, createdAt);
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
