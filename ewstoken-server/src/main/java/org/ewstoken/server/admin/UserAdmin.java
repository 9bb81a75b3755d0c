package org.ewstoken.server.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ewstoken.server.auth.PasswordHasher;
import org.ewstoken.store.AdminStore;
import org.ewstoken.store.DuplicateException;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;

/**
 * User administration, the one way the command line and the admin API add, list, remove users, set
 * passwords and grant the admin role. Every change is an admin event. Thread-safe.
 */
public final class UserAdmin {

    /** Shortest password accepted for a local user. */
    public static final int MIN_PASSWORD_LENGTH = 8;

    /** A user as administration shows it: the record and whether they are an administrator. */
    public record UserView(User user, boolean admin) {}

    private final Store store;
    private final AdminStore admins;
    private final PasswordHasher hasher;
    private final AdminEvents events;

    /** Users are stamped, and administrators granted, on the events' clock. */
    public UserAdmin(Store store, AdminStore admins, PasswordHasher hasher, AdminEvents events) {
        this.store = Objects.requireNonNull(store, "store");
        this.admins = Objects.requireNonNull(admins, "admins");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Refuses a password too short to be one. */
    public static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw AdminRefusal.invalid("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    /** Adds a user with a stable msexchuid, made now; with {@code admin} also an administrator. */
    public User add(Actor actor, String smtp, String displayName, char[] password, boolean admin) {
        checkPassword(password);
        return addHashed(actor, smtp, displayName, hasher.hash(password), admin);
    }

    /** As {@link #add}, with a password hashed before (the demo administrator's, hashed once for every installation). */
    public User addHashed(Actor actor, String smtp, String displayName, String passwordHash, boolean admin) {
        String address = MailAddress.canonical(smtp);
        String name = displayName == null || displayName.isBlank() ? address : displayName.strip();
        if (name.length() > 256) throw AdminRefusal.invalid("a display name has at most 256 characters");
        User user = new User(address, name, UUID.randomUUID(), passwordHash, events.clock().instant());
        try {
            store.addUser(user);
        } catch (DuplicateException e) {
            throw AdminRefusal.conflict("user " + address + " already exists");
        }
        events.record(actor, "user.add", address, "display name " + name + (admin ? ", administrator" : ""));
        if (admin) grantAdmin(actor, address);
        return user;
    }

    /** Users whose address or display name contains {@code query} (ignoring case; null or blank: all). */
    public List<UserView> list(String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        Set<String> adminSet = Set.copyOf(admins.admins());
        List<UserView> out = new ArrayList<>();
        for (User u : store.listUsers()) {
            if (q.isEmpty() || u.smtpAddress().contains(q) || u.displayName().toLowerCase(Locale.ROOT).contains(q)) {
                out.add(new UserView(u, adminSet.contains(u.smtpAddress())));
            }
        }
        return out;
    }

    public Optional<UserView> find(String smtp) {
        return store.findUser(smtp.trim()).map(u -> new UserView(u, admins.isAdmin(u.smtpAddress())));
    }

    public boolean isAdmin(String smtp) {
        return admins.isAdmin(smtp);
    }

    /** Removes the user, the add-ins installed only for them, their admin role and API keys. */
    public void remove(Actor actor, String smtp) {
        String address = MailAddress.canonical(smtp);
        if (admins.isAdmin(address)) requireAnotherAdmin(address, "removed");
        if (!store.removeUser(address)) throw AdminRefusal.notFound("no user " + address);
        admins.revokeAdmin(address);
        admins.removeApiKeysOf(address);
        events.record(actor, "user.remove", address, "");
    }

    /** Sets a local user's password; the password is wiped by the caller. */
    public void setPassword(Actor actor, String smtp, char[] password) {
        String address = MailAddress.canonical(smtp);
        checkPassword(password);
        if (!store.updatePasswordHash(address, hasher.hash(password))) throw AdminRefusal.notFound("no user " + address);
        events.record(actor, "user.password", address, "password reset");
    }

    public void grantAdmin(Actor actor, String smtp) {
        String address = MailAddress.canonical(smtp);
        if (store.findUser(address).isEmpty()) throw AdminRefusal.notFound("no user " + address);
        if (admins.grantAdmin(address, actor.name(), events.clock().instant())) {
            events.record(actor, "user.grant-admin", address, "admin role granted");
        }
    }

    /** Takes the admin role (and the API keys that carried it) away; never from the last administrator. */
    public void revokeAdmin(Actor actor, String smtp) {
        String address = MailAddress.canonical(smtp);
        if (!admins.isAdmin(address)) {
            if (store.findUser(address).isEmpty()) throw AdminRefusal.notFound("no user " + address);
            return;
        }
        requireAnotherAdmin(address, "revoked");
        admins.revokeAdmin(address);
        int keys = admins.removeApiKeysOf(address);
        events.record(actor, "user.revoke-admin", address, "admin role revoked" + (keys > 0 ? ", " + keys
                + " API key(s) removed" : ""));
    }

    /** The last administrator stays, so that the console cannot lock everybody out. */
    private void requireAnotherAdmin(String address, String verb) {
        if (admins.admins().equals(List.of(address))) {
            throw AdminRefusal.conflict(address + " is the last administrator and cannot be " + verb
                    + "; grant another user the admin role first");
        }
    }

    /** Wipes a password the caller no longer needs. */
    public static void wipe(char[] password) {
        if (password != null) Arrays.fill(password, '\0');
    }
}
