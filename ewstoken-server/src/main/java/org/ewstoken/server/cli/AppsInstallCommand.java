package org.ewstoken.server.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ewstoken.manifest.Manifest;
import org.ewstoken.manifest.ManifestException;
import org.ewstoken.manifest.ManifestFetcher;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.server.Installation;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.addins.InstallTarget;
import org.ewstoken.server.addins.Installed;
import org.ewstoken.server.config.FileProblems;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.UserChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install an add-in from its manifest (an XML OfficeApp MailApp manifest or a unified manifest.json),"
                + " for the whole organisation or for one user. The same id with a higher Version upgrades it.")
final class AppsInstallCommand extends InstallationCommand {
    @Parameters(paramLabel = "FILE|URL", description = "The manifest: a file, or an https URL to download it from.")
    String source;
    @Option(names = "--user", paramLabel = "SMTP", description = "Install for this mailbox only (default: the whole organisation).")
    String user;
    @Option(names = "--mandatory", negatable = true,
            description = "Organisation add-ins: users cannot turn it off or uninstall it (default: optional).")
    Boolean mandatory;
    @Option(names = "--enabled-by-default", negatable = true,
            description = "Organisation add-ins: on for users who made no choice (the default); with --no-enabled-by-default"
                    + " users turn it on themselves.")
    Boolean enabledByDefault;
    @Option(names = "--disabled", negatable = true, description = "Install it switched off: nobody gets tokens for it.")
    Boolean disabled;
    @Option(names = "--scope", paramLabel = "SCOPE", description = "A scope the add-in may ask a ScopedToken for (repeatable).")
    List<String> scopes;
    @Option(names = "--allow-http", description = "Allow downloading the manifest over plain http (development only).")
    boolean allowHttp;
    @Option(names = "--fetch-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Longest time to download the manifest (default: ${DEFAULT-VALUE}).")
    String fetchTimeout;

    AppsInstallCommand(Cli cli) {
        super(cli);
    }

    @Override
    public Integer call() {
        ManifestParser parser = new ManifestParser();
        byte[] bytes = read(parser.maxBytes());
        Manifest manifest;
        try {
            manifest = parser.parse(bytes);
        } catch (ManifestException e) {
            throw new Main.CommandFailure("the manifest " + source + " is refused: " + e.getMessage());
        }
        if (user != null && (mandatory != null || enabledByDefault != null || scopes != null)) {
            throw new Main.CommandFailure("--mandatory, --enabled-by-default and --scope apply to organisation add-ins,"
                    + " not to a user's own");
        }
        InstallTarget target = user != null ? new InstallTarget.Mailbox(Addresses.smtp(user))
                : new InstallTarget.Organisation(Optional.ofNullable(mandatory), Optional.ofNullable(enabledByDefault),
                        Optional.ofNullable(disabled).map(d -> !d),
                        Optional.ofNullable(scopes).map(AppsInstallCommand::scopeSet));
        try (Installation inst = common.open(cli)) {
            Installed done = admin(inst).addIns().install(Actor.commandLine(), bytes, target).installed();
            if (user != null && disabled != null) {
                // For one mailbox, "disabled" is that user's own choice: other mailboxes' copies are not touched.
                inst.store().setUserChoice(manifest.id(), Addresses.smtp(user),
                        new UserChoice(!disabled, null, inst.clock().instant()));
            }
            AddIn a = done.addIn();
            cli.out().println((done.firstInstall() ? "installed" : "upgraded") + " add-in " + a.id() + " ("
                    + a.displayName() + " " + a.version() + ", " + a.permission().wireName() + ", "
                    + (a.ownerSmtp() == null ? "organisation" : "user " + a.ownerSmtp())
                    + (done.firstInstall() ? "" : ", was " + (done.previousVersion() == null ? "registered without a manifest"
                            : done.previousVersion())) + ")");
            cli.out().println("  identity token audience: " + a.audienceUrl());
            return 0;
        }
    }

    private byte[] read(int maxBytes) {
        String s = source.trim();
        if (s.regionMatches(true, 0, "https://", 0, 8) || s.regionMatches(true, 0, "http://", 0, 7)) {
            Duration timeout = ServerConfig.parseDuration(fetchTimeout);
            try {
                return new ManifestFetcher(timeout, maxBytes, allowHttp).fetch(URI.create(s));
            } catch (IllegalArgumentException e) {
                throw new Main.CommandFailure("'" + s + "' is not a URL");
            } catch (ManifestException e) {
                throw new Main.CommandFailure(e.getMessage());
            }
        }
        Path file = Path.of(s);
        try {
            if (Files.size(file) > maxBytes) {
                throw new Main.CommandFailure("the manifest " + file + " is larger than " + maxBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Main.CommandFailure("cannot read the manifest " + file + ": " + FileProblems.describe(e));
        }
    }

    /** The --scope values, each one word; apps add takes them by the same rule. */
    static Set<String> scopeSet(List<String> given) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : given) {
            String t = s.trim();
            if (t.isEmpty() || t.chars().anyMatch(Character::isWhitespace)) {
                throw new Main.CommandFailure("a scope is one word without spaces, was '" + s + "'");
            }
            out.add(t);
        }
        return out;
    }
}
