package org.ewstoken.front;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.ewstoken.manifest.ManifestException;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.manifest.TaskPaneOrigins;
import org.ewstoken.server.registry.RegistryCache;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origins whose task panes may call EWS through the front: those of every installed add-in that the
 * administrator has not disabled, from its stored manifest ({@link TaskPaneOrigins}) or, without one, its audience
 * URL ({@code apps add --audience}). The set is rebuilt only when the registry may have changed (a write through
 * this store or a change notice: {@link RegistryCache#version()}) or after {@code ttl} (changes made by another
 * process); between those a check is one set lookup.
 */
final class AddInOrigins {

    private static final Logger LOG = LoggerFactory.getLogger(AddInOrigins.class);

    private record Snapshot(long version, long loadedAt, Set<String> origins) {}

    private final Store store;
    private final RegistryCache registry;
    private final long ttlNanos;
    private final LongSupplier nanos;
    private final TaskPaneOrigins manifests = new TaskPaneOrigins(new ManifestParser());
    private volatile Snapshot snapshot;

    AddInOrigins(Store store, RegistryCache registry, Duration ttl, LongSupplier nanos) {
        this.store = store;
        this.registry = registry;
        this.ttlNanos = ttl.toNanos();
        this.nanos = nanos;
    }

    /** Whether a browser's {@code Origin} value names an allowed origin (compared as browsers write it). */
    boolean allows(String origin) {
        Optional<String> normal = TaskPaneOrigins.origin(origin);
        return normal.isPresent() && normal.get().equals(origin.strip().toLowerCase(java.util.Locale.ROOT))
                && current().contains(normal.get());
    }

    private Set<String> current() {
        long version = registry.version();
        long now = nanos.getAsLong();
        Snapshot s = snapshot;
        if (s == null || s.version() != version || now - s.loadedAt() > ttlNanos) {
            // The version is read before loading: a write that commits meanwhile makes this snapshot stale.
            s = new Snapshot(version, now, load());
            snapshot = s;
        }
        return s.origins();
    }

    private Set<String> load() {
        Set<String> origins = new TreeSet<>();
        for (AddIn addIn : store.listAddIns()) {
            if (!addIn.enabled()) continue;
            TaskPaneOrigins.origin(addIn.audienceUrl()).ifPresent(origins::add);
            Optional<byte[]> manifest = store.findManifest(addIn.id(), addIn.ownerSmtp());
            if (manifest.isEmpty()) continue;
            try {
                origins.addAll(manifests.of(manifest.get()));
            } catch (ManifestException e) {
                // It was accepted when installed; a parser that became stricter since must not open anything.
                LOG.warn("the stored manifest of add-in {} is no longer readable; only its audience URL's origin is allowed",
                        addIn.id());
            }
        }
        return Set.copyOf(origins);
    }
}
