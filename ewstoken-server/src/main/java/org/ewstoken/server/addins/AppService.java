package org.ewstoken.server.addins;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ewstoken.manifest.MailboxPermission;
import org.ewstoken.manifest.Manifest;
import org.ewstoken.manifest.ManifestException;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.manifest.ManifestVersion;
import org.ewstoken.protocol.AppManifestEntry;
import org.ewstoken.protocol.DisableReason;
import org.ewstoken.protocol.GetAppManifests;
import org.ewstoken.protocol.InstalledApp;
import org.ewstoken.server.config.AddInPolicy;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.MailboxAddIn;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;
import org.ewstoken.store.UserChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the EWS app-management operations for the authenticated mailbox: what GetAppManifests lists,
 * what a user may install, uninstall and turn off. Every refusal is an {@link AppRefusal} carrying the EWS
 * response code. Thread-safe.
 */
public final class AppService {
    private static final Logger LOG = LoggerFactory.getLogger(AppService.class);

    static final String ACCESS_DENIED = "ErrorAccessDenied";
    static final String NOT_FOUND = "ErrorExtensionNotFound";
    static final String MANDATORY = "ErrorCannotDisableMandatoryExtension";
    static final String INVALID_REQUEST = "ErrorInvalidRequest";

    private final Store store;
    private final AddInRegistry registry;
    private final ManifestParser parser;
    private final AddInPolicy policy;
    private final Clock clock;
    private final InstallBudget budget;

    public AppService(Store store, AddInRegistry registry, ManifestParser parser, AddInPolicy policy, Clock clock) {
        this(store, registry, parser, policy, clock, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param maxUserAddIns    most add-ins one user may install for their own mailbox
     * @param installsPerHour  most InstallApp calls one user may make in an hour
     */
    public AppService(Store store, AddInRegistry registry, ManifestParser parser, AddInPolicy policy, Clock clock,
                      int maxUserAddIns, int installsPerHour) {
        this.budget = new InstallBudget(maxUserAddIns, installsPerHour, clock);
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The manifests of the add-ins installed for the mailbox: enabled ones (all, if asked), those the request's
     * ids name (all, if none), and only those the client can run: a manifest schema no newer than
     * SchemaVersionSupported and a Mailbox requirement set no newer than ApiVersionSupported.
     */
    public List<AppManifestEntry> manifests(User caller, GetAppManifests request) throws AppRefusal {
        Optional<ManifestVersion> api = version(request.apiVersionSupported(), "ApiVersionSupported");
        Optional<ManifestVersion> schema = version(request.schemaVersionSupported(), "SchemaVersionSupported");
        Set<String> ids = request.extensionIds().stream().map(id -> id.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<AppManifestEntry> out = new ArrayList<>();
        for (MailboxAddIn m : store.listAddInsFor(caller.smtpAddress())) {
            AddIn a = m.addIn();
            if ((!m.enabled() && !request.includeAllInstalledAddIns()) || (!ids.isEmpty() && !ids.contains(a.id()))) {
                continue;
            }
            Optional<byte[]> bytes = store.findManifest(a.id(), a.ownerSmtp());
            if (bytes.isEmpty()) {
                continue; // registered without a manifest: there is nothing to hand a client
            }
            Optional<Manifest> manifest = reparse(a, bytes.get());
            if (manifest.isEmpty() || !runnable(manifest.get(), api, schema)) {
                continue;
            }
            out.add(new AppManifestEntry(bytes.get(), m.enabled(), a.mandatory()));
        }
        return out;
    }

    /**
     * Installs an add-in for the caller's own mailbox. Installing an organisation add-in the user had turned off
     * (or that is off by default) turns it on for them instead.
     */
    public InstallOutcome install(User caller, byte[] bytes) throws AppRefusal {
        if (!policy.usersMayInstall()) {
            throw new AppRefusal(ACCESS_DENIED, "Users may not install add-ins on this server.");
        }
        // Before the manifest is parsed: a flood of calls costs neither parsing nor writes.
        if (!budget.tryCall(caller.smtpAddress())) {
            long minutes = Math.max(1, (budget.retryAfter(caller.smtpAddress()).toSeconds() + 59) / 60);
            throw new AppRefusal("ErrorServerBusy", "Too many app installations from this mailbox in the last hour. "
                    + "Try again in " + minutes + " minute" + (minutes == 1 ? "" : "s") + ".");
        }
        Manifest manifest = parse(bytes);
        if (manifest.permission() == MailboxPermission.READ_WRITE_MAILBOX && !policy.usersMayInstallReadWriteMailbox()) {
            throw new AppRefusal("ErrorNoRbacPermissionToInstallReadWriteMailboxExtensions", "This app can't be installed."
                    + " It asks for ReadWriteMailbox permission, which only an administrator can grant.");
        }
        Optional<MailboxAddIn> current = store.findAddInFor(manifest.id(), caller.smtpAddress());
        if (current.isPresent() && current.get().addIn().scope() == InstallScope.ORGANIZATION) {
            return turnOnOrganisationAddIn(caller, current.get(), manifest);
        }
        if (current.isEmpty() && ownInstallations(caller) >= budget.maxAddIns()) {
            throw new AppRefusal("ErrorQuotaExceeded", "This mailbox has the most apps its users may install ("
                    + budget.maxAddIns() + "). Uninstall one first.");
        }
        try {
            Installed installed = registry.install(manifest, bytes, new InstallTarget.Mailbox(caller.smtpAddress()));
            return outcome(caller, installed.addIn(), manifest, installed.firstInstall());
        } catch (InstallRefusedException e) {
            return switch (e.reason()) {
                case SAME_OR_NEWER_INSTALLED -> sameOrNewer(caller, current.orElseThrow(), manifest);
                case INSTALLED_FOR_ORGANISATION -> throw new AppRefusal("ErrorExtensionAlreadyInstalledForOrg",
                        "This app is installed for your organisation already.");
                case UNKNOWN_USER, CONCURRENT_CHANGE -> throw new AppRefusal("ErrorInternalServerError",
                        "The app could not be installed at this moment. Try again.");
            };
        }
    }

    /** Installations the user made for their own mailbox (upgrades of one of them do not add to it). */
    private long ownInstallations(User caller) {
        return store.listAddInsFor(caller.smtpAddress()).stream()
                .filter(m -> m.addIn().scope() == InstallScope.USER).count();
    }

    /** Removes the caller's own installation. Organisation add-ins can only be turned off. */
    public void uninstall(User caller, String id) throws AppRefusal {
        MailboxAddIn m = find(caller, id);
        if (m.addIn().scope() == InstallScope.ORGANIZATION) {
            if (m.addIn().mandatory()) {
                throw new AppRefusal(MANDATORY, "This app is required by your organisation and can't be uninstalled.");
            }
            throw new AppRefusal(ACCESS_DENIED, "This app was installed by your organisation; you can turn it off"
                    + " (DisableApp) but not uninstall it.");
        }
        if (!store.removeAddIn(m.addIn().id(), caller.smtpAddress())) {
            throw notFound(id);
        }
    }

    /** Turns an add-in off for the caller, unless it is mandatory. */
    public void disable(User caller, String id, DisableReason reason) throws AppRefusal {
        MailboxAddIn m = find(caller, id);
        if (m.addIn().mandatory()) {
            throw new AppRefusal(MANDATORY, "This app is required by your organisation and can't be turned off.");
        }
        if (!store.setUserChoice(m.addIn().id(), caller.smtpAddress(),
                new UserChoice(false, reason.wireName(), clock.instant()))) {
            throw notFound(id);
        }
    }

    public URI marketplaceUrl() throws AppRefusal {
        return policy.marketplaceUrl().orElseThrow(() -> new AppRefusal("ErrorCannotGetExternalEcpUrl",
                "No app marketplace is configured on this server."));
    }

    /** What InstallApp answers: whether this was a first install, and the add-in as now installed. */
    public record InstallOutcome(boolean firstInstall, InstalledApp app) {}

    private InstallOutcome turnOnOrganisationAddIn(User caller, MailboxAddIn m, Manifest manifest) throws AppRefusal {
        AddIn a = m.addIn();
        if (m.enabled() || !a.enabled()) {
            // On already, or switched off by the administrator: a user cannot change either.
            throw new AppRefusal("ErrorExtensionAlreadyInstalledForOrg", "This app is installed for your organisation"
                    + " already" + (a.enabled() ? "." : ", and an administrator has turned it off."));
        }
        store.setUserChoice(a.id(), caller.smtpAddress(), new UserChoice(true, null, clock.instant()));
        return outcome(caller, a, manifest, false);
    }

    /** Reinstalling what is installed turns it back on if the user had turned it off; older versions are refused. */
    private InstallOutcome sameOrNewer(User caller, MailboxAddIn current, Manifest manifest) throws AppRefusal {
        String installed = current.addIn().version();
        if (installed != null && ManifestVersion.of(installed).isNewerThan(manifest.version())) {
            throw new AppRefusal("ErrorNewerExtensionAlreadyInstalled", "Version " + installed
                    + " of this app is installed, which is newer than " + manifest.version() + ".");
        }
        if (current.choice() != null) {
            store.clearUserChoice(current.addIn().id(), caller.smtpAddress());
        }
        return outcome(caller, current.addIn(), manifest, false);
    }

    private InstallOutcome outcome(User caller, AddIn installed, Manifest manifest, boolean first) {
        boolean enabled = store.findAddInFor(installed.id(), caller.smtpAddress()).map(MailboxAddIn::enabled)
                .orElse(false);
        return new InstallOutcome(first, new InstalledApp(installed.id(), enabled, manifest.providerName(),
                manifest.iconUrl(), manifest.highResolutionIconUrl(), manifest.displayName().defaultValue(),
                manifest.description().defaultValue().isEmpty() ? null : manifest.description().defaultValue(),
                manifest.version().toString()));
    }

    private Manifest parse(byte[] bytes) throws AppRefusal {
        try {
            return parser.parse(bytes);
        } catch (ManifestException e) {
            String code = switch (e.problem()) {
                case MISSING_ID, INVALID_ID -> "ErrorInvalidExtensionId";
                default -> INVALID_REQUEST;
            };
            throw new AppRefusal(code, "This app can't be installed. " + e.getMessage());
        }
    }

    private MailboxAddIn find(User caller, String id) throws AppRefusal {
        String key = id.trim();
        if (key.isEmpty()) {
            throw notFound(id);
        }
        return store.findAddInFor(key, caller.smtpAddress()).orElseThrow(() -> notFound(id));
    }

    private static AppRefusal notFound(String id) {
        return new AppRefusal(NOT_FOUND, "The extension with id '" + id + "' is not installed for this mailbox.");
    }

    private static Optional<ManifestVersion> version(String text, String element) throws AppRefusal {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<ManifestVersion> v = ManifestVersion.parse(text);
        if (v.isEmpty()) {
            throw new AppRefusal(INVALID_REQUEST, element + " must be a version such as 1.1.");
        }
        return v;
    }

    /**
     * XML manifests by their schema (1.0, 1.1), JSON ones by their manifestVersion: a client naming schema 1.1
     * cannot read a unified manifest of version 1.17.
     */
    private static boolean runnable(Manifest m, Optional<ManifestVersion> api, Optional<ManifestVersion> schema) {
        return api.map(a -> !m.mailboxRequirement().isNewerThan(a)).orElse(true)
                && schema.map(s -> !m.schemaVersion().isNewerThan(s)).orElse(true);
    }

    /** Stored manifests were valid when installed; one that no longer parses (a newer, stricter parser) is skipped. */
    private Optional<Manifest> reparse(AddIn a, byte[] bytes) {
        try {
            return Optional.of(parser.parse(bytes));
        } catch (ManifestException e) {
            LOG.warn("the stored manifest of add-in {} no longer parses and is left out: {}", a.id(), e.getMessage());
            return Optional.empty();
        }
    }
}
