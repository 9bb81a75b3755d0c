package org.ewstoken.server.addins;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ewstoken.manifest.Manifest;
import org.ewstoken.manifest.ManifestVersion;
import org.ewstoken.server.addins.InstallRefusedException.Reason;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.DuplicateException;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.Permission;
import org.ewstoken.store.Store;

/**
 * Installs add-ins from parsed manifests, for the organisation or one mailbox, the one way the command line
 * and EWS InstallApp share: a first install adds; the same id with a higher version upgrades in place
 * (choices users made stay); the same or a lower version is refused. Thread-safe; concurrent upgrades of the
 * same installation cannot both win (the store's version check).
 */
public record AddInRegistry(Store store, Clock clock) {

    public AddInRegistry {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
    }

    public Installed install(Manifest manifest, byte[] bytes, InstallTarget target) throws InstallRefusedException {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(bytes, "bytes");
        String owner = target instanceof InstallTarget.Mailbox m ? m.smtpAddress() : null;
        if (owner != null && store.findUser(owner).isEmpty()) {
            throw new InstallRefusedException(Reason.UNKNOWN_USER, "no user " + owner);
        }
        Optional<AddIn> existing = owner == null ? store.findAddIn(manifest.id())
                .filter(a -> a.scope() == InstallScope.ORGANIZATION)
                : store.findAddInFor(manifest.id(), owner).map(m -> m.addIn());
        if (existing.isPresent() && existing.get().scope() == InstallScope.ORGANIZATION && owner != null) {
            throw new InstallRefusedException(Reason.INSTALLED_FOR_ORGANISATION,
                    "add-in " + manifest.id() + " is installed for the whole organisation");
        }
        AddIn addIn = build(manifest, target, existing);
        if (existing.isEmpty()) {
            try {
                store.addAddIn(addIn, bytes);
                return new Installed(addIn, null, true);
            } catch (DuplicateException e) {
                throw new InstallRefusedException(Reason.CONCURRENT_CHANGE,
                        "add-in " + manifest.id() + " was installed by someone else at the same moment: " + e.getMessage());
            }
        }
        String previous = existing.get().version();
        if (previous != null && !manifest.version().isNewerThan(ManifestVersion.of(previous))) {
            throw new InstallRefusedException(Reason.SAME_OR_NEWER_INSTALLED, "version " + previous + " of add-in "
                    + manifest.id() + " is installed; only a higher version than " + previous
                    + " can replace it (this manifest has " + manifest.version() + ")");
        }
        if (!store.replaceAddIn(addIn, bytes, previous)) {
            throw new InstallRefusedException(Reason.CONCURRENT_CHANGE,
                    "add-in " + manifest.id() + " was changed by someone else at the same moment; try again");
        }
        return new Installed(addIn, previous, false);
    }

    /** The installation record: from the manifest, with the target's options or, on an upgrade, what was set. */
    private AddIn build(Manifest m, InstallTarget target, Optional<AddIn> existing) {
        Permission permission = Permission.fromWire(m.permission().wireName()).orElseThrow();
        if (target instanceof InstallTarget.Organisation org) {
            boolean mandatory = org.mandatory().orElse(existing.map(AddIn::mandatory).orElse(false));
            boolean byDefault = mandatory || org.enabledByDefault().orElse(existing.map(AddIn::enabledByDefault).orElse(true));
            boolean enabled = org.enabled().orElse(existing.map(AddIn::enabled).orElse(true));
            Set<String> scopes = org.scopes().orElse(existing.map(AddIn::allowedScopes).orElse(Set.of()));
            return new AddIn(m.id(), m.displayName().defaultValue(), permission, m.audienceUrl(), scopes, enabled,
                    InstallScope.ORGANIZATION, null, existing.map(AddIn::createdAt).orElse(clock.instant()),
                    m.version().toString(), m.providerName(), mandatory, byDefault);
        }
        String owner = ((InstallTarget.Mailbox) target).smtpAddress();
        return new AddIn(m.id(), m.displayName().defaultValue(), permission, m.audienceUrl(),
                existing.map(AddIn::allowedScopes).orElse(Set.of()), existing.map(AddIn::enabled).orElse(true),
                InstallScope.USER, owner, existing.map(AddIn::createdAt).orElse(clock.instant()),
                m.version().toString(), m.providerName(), false, true);
    }
}
