package org.ewstoken.server.admin;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.ewstoken.manifest.Manifest;
import org.ewstoken.manifest.ManifestException;
import org.ewstoken.manifest.ManifestFetcher;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.server.addins.AddInRegistry;
import org.ewstoken.server.addins.InstallRefusedException;
import org.ewstoken.server.addins.InstallTarget;
import org.ewstoken.server.addins.Installed;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.MailboxAddIn;
import org.ewstoken.store.Store;
import org.ewstoken.store.UserChoice;

/**
 * Add-in administration for the command line and the admin API: install from manifest bytes or a URL
 * (through {@link AddInRegistry}, the rules EWS InstallApp shares), switch on and off, make mandatory,
 * remove, show the manifest. Every change is an admin event. Thread-safe.
 */
public final class AddInAdmin {

    private final Store store;
    private final AdminEvents events;
    private final AddInRegistry registry;
    private final ManifestParser parser = new ManifestParser();

    /** Installs through the same {@link AddInRegistry} rules as EWS InstallApp, on the events' clock. */
    public AddInAdmin(Store store, AdminEvents events) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.registry = new AddInRegistry(store, events.clock());
    }

    /** What an install did, and the manifest it read. */
    public record Outcome(Installed installed, Manifest manifest) {}

    public List<AddIn> list() {
        return store.listAddIns();
    }

    public AddIn find(String id) {
        return store.findAddIn(id.trim()).orElseThrow(() -> AdminRefusal.notFound("no add-in " + id));
    }

    /** Every installation of one id: the organisation's, or single mailboxes' own. */
    public List<AddIn> installations(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT);
        return store.listAddIns().stream().filter(a -> a.id().equals(key)).toList();
    }

    /** The manifest as installed ({@code owner} null: the organisation's, else that mailbox's copy). */
    public byte[] manifest(String id, String owner) {
        AddIn a = owner == null ? find(id) : store.findAddInFor(id.trim(), owner.trim()).map(MailboxAddIn::addIn)
                .orElseThrow(() -> AdminRefusal.notFound("no add-in " + id + " installed for " + owner));
        return store.findManifest(a.id(), a.ownerSmtp()).orElseThrow(() -> AdminRefusal.notFound(
                "add-in " + a.id() + " was registered without a manifest"));
    }

    /** Parses the manifest; refuses it with the parser's reason. */
    public Manifest parse(byte[] bytes) {
        try {
            return parser.parse(bytes);
        } catch (ManifestException e) {
            throw AdminRefusal.invalid("the manifest is refused: " + e.getMessage());
        }
    }

    /** Downloads a manifest (https only, unless {@code allowHttp}), bounded in size and time. */
    public byte[] fetch(URI url, Duration timeout, boolean allowHttp) {
        try {
            return new ManifestFetcher(timeout, parser.maxBytes(), allowHttp).fetch(url);
        } catch (ManifestException e) {
            throw AdminRefusal.invalid(e.getMessage());
        }
    }

    /** Installs or upgrades an add-in from its manifest. */
    public Outcome install(Actor actor, byte[] bytes, InstallTarget target) {
        Manifest manifest = parse(bytes);
        try {
            Installed done = registry.install(manifest, bytes, target);
            AddIn a = done.addIn();
            events.record(actor, done.firstInstall() ? "addin.install" : "addin.upgrade", a.id(), a.displayName()
                    + " " + a.version() + " for " + (a.ownerSmtp() == null ? "the organisation" : a.ownerSmtp()));
            return new Outcome(done, manifest);
        } catch (InstallRefusedException e) {
            throw switch (e.reason()) {
                case UNKNOWN_USER -> AdminRefusal.notFound(e.getMessage());
                default -> AdminRefusal.conflict(e.getMessage());
            };
        }
    }

    /**
     * The administrator's switch for everyone ({@code user} null), or one mailbox's choice; a mandatory
     * add-in cannot be turned off for one mailbox.
     */
    public void setEnabled(Actor actor, String id, String user, boolean enabled) {
        String addIn = id.trim().toLowerCase(Locale.ROOT);
        if (user == null) {
            if (!store.setAddInEnabled(addIn, enabled)) throw AdminRefusal.notFound("no add-in " + id);
            events.record(actor, enabled ? "addin.enable" : "addin.disable", addIn, "for everyone");
            return;
        }
        String smtp = MailAddress.canonical(user);
        MailboxAddIn seen = store.findAddInFor(addIn, smtp)
                .orElseThrow(() -> AdminRefusal.notFound("no add-in " + id + " installed for " + smtp));
        if (!enabled && seen.addIn().mandatory()) {
            throw AdminRefusal.conflict("add-in " + addIn + " is mandatory: it cannot be disabled for one user");
        }
        store.setUserChoice(addIn, smtp, new UserChoice(enabled, null, events.clock().instant()));
        events.record(actor, enabled ? "addin.enable" : "addin.disable", addIn, "for " + smtp);
    }

    /** Makes an organisation add-in mandatory (users cannot turn it off) or optional again. */
    public AddIn setMandatory(Actor actor, String id, boolean mandatory) {
        AddIn a = find(id);
        if (a.scope() != InstallScope.ORGANIZATION) {
            throw AdminRefusal.conflict("only organisation add-ins can be mandatory; " + a.id()
                    + " is installed for single mailboxes");
        }
        AddIn changed = new AddIn(a.id(), a.displayName(), a.permission(), a.audienceUrl(), a.allowedScopes(),
                a.enabled(), a.scope(), null, a.createdAt(), a.version(), a.providerName(), mandatory,
                mandatory || a.enabledByDefault());
        byte[] manifest = store.findManifest(a.id(), null).orElse(null);
        if (!store.replaceAddIn(changed, manifest, a.version())) {
            throw AdminRefusal.conflict("add-in " + a.id() + " was changed by someone else at the same moment; try again");
        }
        events.record(actor, mandatory ? "addin.mandatory" : "addin.optional", a.id(), a.displayName());
        return changed;
    }

    /** Uninstalls everywhere ({@code user} null), or only that mailbox's own copy. */
    public void remove(Actor actor, String id, String user) {
        String addIn = id.trim().toLowerCase(Locale.ROOT);
        String owner = user == null ? null : MailAddress.canonical(user);
        boolean removed = owner == null ? store.removeAddIn(addIn) : store.removeAddIn(addIn, owner);
        if (!removed) throw AdminRefusal.notFound("no add-in " + id + (owner == null ? "" : " installed by " + owner));
        events.record(actor, "addin.remove", addIn, owner == null ? "everywhere" : "for " + owner);
    }

    public Optional<AddIn> findOptional(String id) {
        return store.findAddIn(id.trim());
    }
}
