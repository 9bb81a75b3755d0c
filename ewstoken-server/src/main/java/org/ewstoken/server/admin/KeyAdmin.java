package org.ewstoken.server.admin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.tokens.KeyImportException;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;

/**
 * Signing key administration, the one way the command line and the admin API list, rotate and import
 * keys. Every change is an admin event. Thread-safe (the key ring is).
 */
public record KeyAdmin(KeyRing ring, AdminEvents events) {

    public KeyAdmin {
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(events, "events");
    }

    /** Every stored key with its timeline, oldest first, as the store holds them now. */
    public List<KeyRing.KeyStatus> list() {
        return ring.refresh().keys();
    }

    /** The key that signs now. */
    public String signingKeyId() {
        return ring.signingKey().keyId();
    }

    /** How long a new key is published before it signs (unless {@code now}). */
    public Duration prePublication() {
        return ring.prePublication();
    }

    /**
     * A new signing key: published at once, signing after the pre-publication period, or at once with
     * {@code now} (e.g. the current key is compromised).
     */
    public KeyRing.KeyStatus rotate(Actor actor, boolean now) {
        String previous = ring.signingKey().keyId();
        KeyRing.KeyStatus created = ring.rotate(now ? Duration.ZERO : ring.prePublication());
        events.record(actor, "key.rotate", created.keyId(), "signs from " + created.activatesAt() + ", previous "
                + previous + (now ? " (at once)" : ""));
        return created;
    }

    public KeyRing.KeyStatus importKey(Actor actor, SigningKey key, boolean now) {
        KeyRing.KeyStatus imported = ring.importKey(key, now ? Duration.ZERO : ring.prePublication());
        events.record(actor, "key.import", imported.keyId(), imported.subject() + ", signs from "
                + imported.activatesAt());
        return imported;
    }

    /**
     * Reads an organisation's own key: PKCS#12 when the name ends in .p12 or .pfx, otherwise PEM with
     * the private key and the certificate.
     */
    public static SigningKey read(String fileName, byte[] bytes, char[] password) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                return SigningKeys.fromPkcs12(new ByteArrayInputStream(bytes), password == null ? new char[0] : password);
            }
            return SigningKeys.fromPem(new String(bytes, StandardCharsets.UTF_8));
        } catch (KeyImportException e) {
            throw AdminRefusal.invalid("cannot import " + (fileName == null ? "the key" : fileName) + ": "
                    + e.getMessage());
        }
    }
}
