package org.ewstoken.server.cli;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.ewstoken.server.Installation;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.oauth.AddInClientAdmin;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.DuplicateException;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.Permission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apps", mixinStandardHelpOptions = true, description = "Manage add-ins (extensions).")
final class AppsCommand extends CommandGroup {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register an add-in, for the whole organisation or for one user.")
    static final class Add extends InstallationCommand {
        @Option(names = "--id", required = true, description = "The add-in id (a GUID), as in its manifest.")
        String id;
        @Option(names = "--name", required = true, description = "Display name.")
        String name;
        @Option(names = "--permission", required = true,
                description = "Restricted, ReadItem, ReadWriteItem or ReadWriteMailbox.")
        String permission;
        @Option(names = "--audience", required = true,
                description = "The identity token's aud: the add-in's URL (its first ItemRead/ItemEdit SourceLocation).")
        String audience;
        @Option(names = "--scope", paramLabel = "SCOPE", description = "A scope the add-in may ask a ScopedToken for (repeatable).")
        List<String> scopes = List.of();
        @Option(names = "--user", paramLabel = "SMTP", description = "Install for this mailbox only (default: the whole organisation).")
        String user;
        @Option(names = "--backend-audience", paramLabel = "URI", description = "The aud of the access tokens its back"
                + " end gets by token exchange (see apps secret).")
        String backendAudience;
        @Option(names = "--disabled", description = "Register it disabled.")
        boolean disabled;
        @Option(names = "--allow-http", description = "Allow a plain http --audience (development only; manifests"
                + " need https too).")
        boolean allowHttp;

        Add(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            String addInId = AddInIds.canonical(id);
            Permission level = Permission.fromWire(permission).orElseThrow(() -> new Main.CommandFailure(
                    "unknown permission '" + permission + "': Restricted, ReadItem, ReadWriteItem or ReadWriteMailbox"));
            URI aud = audience(audience, allowHttp);
            Set<String> allowed = AppsInstallCommand.scopeSet(scopes);
            if (backendAudience != null && !backendAudience.isBlank()) {
                AddInClientAdmin.checkedAudience(backendAudience.strip()); // refused before anything is added
            }
            try (Installation inst = common.open(cli)) {
                String owner = null;
                if (user != null) {
                    owner = Addresses.smtp(user);
                    if (inst.store().findUser(owner).isEmpty()) throw new Main.CommandFailure("no user " + owner);
                }
                AddIn addIn = new AddIn(addInId, name, level, aud.toString(), Set.copyOf(allowed), !disabled,
                        owner == null ? InstallScope.ORGANIZATION : InstallScope.USER, owner, inst.clock().instant());
                inst.store().addAddIn(addIn);
                if (backendAudience != null) AppsClientCommand.backendAudience(inst, addInId, backendAudience);
                cli.out().println("added add-in " + addInId + " (" + name + ", " + level.wireName() + ", "
                        + (owner == null ? "organisation" : "user " + owner) + (disabled ? ", disabled" : "") + ")");
                return 0;
            } catch (DuplicateException e) {
                throw new Main.CommandFailure("an add-in with id " + addInId + " already exists");
            }
        }

        /** The same rule as a manifest's SourceLocation: an absolute https URL (http only when allowed). */
        private static URI audience(String text, boolean allowHttp) {
            URI uri;
            try {
                uri = URI.create(text.trim());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri == null || !uri.isAbsolute() || uri.getHost() == null
                    || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new Main.CommandFailure("--audience must be an absolute https URL such as"
                        + " https://addin.contoso.com/taskpane.html, was '" + text + "'");
            }
            if (scheme.equals("http") && !allowHttp) {
                throw new Main.CommandFailure("--audience " + text.trim() + " is plain http; like a manifest's"
                        + " SourceLocation it must be https, or add --allow-http (development only)");
            }
            return uri;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List add-ins.")
    static final class ListApps extends InstallationCommand {

        ListApps(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            return inInstallation(inst -> {
                Table table = new Table("ID", "NAME", "VERSION", "PERMISSION", "AUDIENCE", "INSTALLED FOR", "STATE",
                        "SCOPES");
                for (AddIn a : inst.store().listAddIns()) {
                    table.row(a.id(), a.displayName(), a.version() == null ? "-" : a.version(),
                            a.permission().wireName(), a.audienceUrl(),
                            a.scope() == InstallScope.ORGANIZATION ? "organisation" : a.ownerSmtp(), state(a),
                            String.join(" ", a.allowedScopes()));
                }
                return table.text();
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Uninstall an add-in: everywhere, or with --user only that mailbox's own copy.")
    static final class Remove extends InstallationCommand {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--user", paramLabel = "SMTP", description = "Remove only this mailbox's own installation.")
        String user;

        Remove(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            return inInstallation(inst -> {
                admin(inst).addIns().remove(Actor.commandLine(), id, user);
                return "removed add-in " + AddInIds.shown(id) + forUser(user);
            });
        }
    }

    /** enable and disable: the administrator's switch, or with --user one mailbox's own choice. */
    abstract static class Switch extends InstallationCommand {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--user", paramLabel = "SMTP", description = "Only for this mailbox, as its user's own choice.")
        String user;
        private final boolean enabled;

        Switch(Cli cli, boolean enabled) {
            super(cli);
            this.enabled = enabled;
        }

        @Override
        public Integer call() {
            return inInstallation(inst -> {
                admin(inst).addIns().setEnabled(Actor.commandLine(), id, user, enabled);
                return (enabled ? "enabled" : "disabled") + " add-in " + AddInIds.shown(id) + forUser(user);
            });
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Enable an add-in: it may get tokens again. With --user, turn it on for that mailbox only.")
    static final class Enable extends Switch {
        Enable(Cli cli) {
            super(cli, true);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an add-in: its token requests are refused. With --user, for that mailbox only.")
    static final class Disable extends Switch {
        Disable(Cli cli) {
            super(cli, false);
        }
    }

    /** " for alice@contoso.com" after what was done, when it was done for one mailbox only. */
    private static String forUser(String user) {
        return user == null ? "" : " for " + Addresses.smtp(user);
    }

    /** The STATE column: the administrator's switch, then how an organisation add-in applies to users. */
    static String state(AddIn a) {
        String state = a.enabled() ? "enabled" : "disabled";
        if (a.scope() == InstallScope.ORGANIZATION) {
            state += a.mandatory() ? ", mandatory" : a.enabledByDefault() ? ", optional" : ", off by default";
        }
        return state;
    }

    /** Add-in ids are GUIDs; stored lowercase so lookups ignore case as Exchange does. */
    static final class AddInIds {
        private AddInIds() {
        }

        /** An id as typed, the way messages show it (the store's own rules decide whether it exists). */
        static String shown(String id) {
            return id.strip().toLowerCase(Locale.ROOT);
        }

        static String canonical(String id) {
            try {
                String t = id.trim();
                if (t.length() != 36) throw new IllegalArgumentException();
                return UUID.fromString(t).toString();
            } catch (IllegalArgumentException e) {
                throw new Main.CommandFailure("add-in id '" + id + "' is not a GUID such as 1c50226d-04b5-4ab2-9fcd-42e236b59e4b");
            }
        }
    }
}
