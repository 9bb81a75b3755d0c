package org.ewstoken.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.manifest.Manifest;
import org.ewstoken.manifest.ManifestException;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.server.Installation;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print an installed add-in: its installation and what its manifest says.")
final class AppsShowCommand extends InstallationCommand {
    @Parameters(paramLabel = "ID") String id;
    @Option(names = "--user", paramLabel = "SMTP",
            description = "Show that mailbox's own installation (default: the organisation's, else the first user's).")
    String user;

    AppsShowCommand(Cli cli) {
        super(cli);
    }

    @Override
    public Integer call() {
        try (Installation inst = common.open(cli)) {
            Store store = inst.store();
            Optional<AddIn> found = user == null ? store.findAddIn(id.trim())
                    : store.listAddIns().stream().filter(a -> a.id().equalsIgnoreCase(id.trim())
                            && Addresses.smtp(user).equals(a.ownerSmtp())).findFirst();
            AddIn a = found.orElseThrow(() -> new Main.CommandFailure("no add-in " + id.trim()
                    + (user == null ? "" : " installed by " + user)));
            PrintWriter out = cli.out();
            field(out, "Id", a.id());
            field(out, "Name", a.displayName());
            field(out, "Installed for", a.scope() == InstallScope.ORGANIZATION ? "organisation" : a.ownerSmtp());
            field(out, "State", AppsCommand.state(a));
            field(out, "Scopes", a.allowedScopes().isEmpty() ? "(none)" : String.join(" ", a.allowedScopes()));
            field(out, "Installed at", a.createdAt().toString());
            Optional<byte[]> bytes = store.findManifest(a.id(), a.ownerSmtp());
            if (bytes.isEmpty()) {
                field(out, "Permission", a.permission().wireName());
                field(out, "Audience", a.audienceUrl());
                field(out, "Manifest", "none (registered with 'apps add')");
                return 0;
            }
            try {
                manifest(out, new ManifestParser().parse(bytes.get()), bytes.get().length);
            } catch (ManifestException e) {
                field(out, "Manifest", "stored, but no longer readable: " + e.getMessage());
            }
            return 0;
        }
    }

    private static void manifest(PrintWriter out, Manifest m, int size) {
        field(out, "Version", m.version().toString());
        field(out, "Provider", m.providerName());
        field(out, "Permission", m.permission().wireName());
        field(out, "Audience", m.audienceUrl());
        field(out, "Manifest", m.format() + " schema " + m.schemaVersion() + ", " + size + " bytes"
                + (m.hasVersionOverrides() ? ", with VersionOverrides (add-in commands)" : ""));
        field(out, "Requires", "Mailbox " + m.mailboxRequirement());
        field(out, "Default locale", m.defaultLocale());
        for (Map.Entry<String, String> name : m.displayName().overrides().entrySet()) {
            field(out, "Name (" + name.getKey() + ")", name.getValue());
        }
        if (!m.description().defaultValue().isEmpty()) {
            field(out, "Description", m.description().defaultValue());
        }
        if (m.iconUrl() != null) {
            field(out, "Icon", m.iconUrl());
        }
        if (m.highResolutionIconUrl() != null) {
            field(out, "High-resolution icon", m.highResolutionIconUrl());
        }
        if (m.supportUrl() != null) {
            field(out, "Support", m.supportUrl());
        }
    }

    private static void field(PrintWriter out, String name, String value) {
        out.println(String.format("%-22s %s", name + ":", value));
    }
}
