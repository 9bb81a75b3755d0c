package org.ewstoken.server.oauth;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.admin.AdminEvents;
import org.ewstoken.server.admin.AdminRefusal;
import org.ewstoken.server.auth.PasswordHasher;
import org.ewstoken.store.AddInClient;
import org.ewstoken.store.AddInClients;
import org.ewstoken.store.Store;

/**
 * An add-in back end as an OAuth client, for the command line and the admin API alike: its secret (made here, shown
 * once, kept as an Argon2id hash; making another rotates it) and its back-end audience. Every change is an admin event
 * that never holds the secret.
 */
public record AddInClientAdmin(Store store, AddInClients clients, PasswordHasher hasher, AdminEvents events,
                               Clock clock) {

    /** 256 bits: far beyond guessing, so the per-client throttle only has to bound the Argon2 work. */
    private static final int SECRET_BYTES = 32;
    private static final int MAX_AUDIENCE_CHARS = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    public AddInClientAdmin {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(clock, "clock");
    }

    public Optional<AddInClient> find(String addInId) {
        return clients.find(addInId);
    }

    /** Makes a new client secret for the add-in and returns it (the only time it is seen); the old one stops working. */
    public String newSecret(Actor actor, String addInId) {
        String id = installed(addInId);
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        boolean rotated = clients.find(id).flatMap(AddInClient::secret).isPresent();
        clients.setSecretHash(id, hasher.hash(secret.toCharArray()), clock.instant());
        events.record(actor, "addin.secret", id, rotated ? "client secret rotated" : "client secret made");
        return secret;
    }

    /** Sets the {@code aud} of the add-in's exchanged access tokens; null or blank clears it. */
    public void setBackendAudience(Actor actor, String addInId, String audience) {
        String id = installed(addInId);
        String aud = audience == null || audience.isBlank() ? null : checkedAudience(audience.strip());
        clients.setBackendAudience(id, aud, clock.instant());
        events.record(actor, "addin.backend-audience", id, aud == null ? "cleared" : aud);
    }

    /**
     * An absolute URI without a fragment (RFC 8707's rule for a resource), e.g. {@code https://api.contoso.com} or
     * {@code api://contoso-addin}: back ends compare it as a string, so it is kept exactly as given.
     */
    public static String checkedAudience(String audience) {
        URI uri;
        try {
            uri = new URI(audience);
        } catch (Exception e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute() || uri.getFragment() != null || audience.length() > MAX_AUDIENCE_CHARS
                || audience.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new AdminRefusal(AdminRefusal.Kind.INVALID, "the back-end audience must be an absolute URI without a"
                    + " fragment, such as https://api.contoso.com/, was '" + audience + "'");
        }
        return audience;
    }

    private String installed(String addInId) {
        String id = Objects.requireNonNull(addInId, "addInId").strip().toLowerCase(Locale.ROOT);
        if (store.findAddIn(id).isEmpty()) throw new AdminRefusal(AdminRefusal.Kind.NOT_FOUND, "no add-in " + addInId);
        return id;
    }
}
