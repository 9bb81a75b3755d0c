package org.ewstoken.server.cli;

import java.util.Locale;
import org.ewstoken.server.Installation;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.admin.UserAdmin;
import org.ewstoken.store.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line over {@link UserAdmin}: the rules live there, shared with the admin API. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage mailbox users.")
final class UsersCommand extends CommandGroup {

    static UserAdmin users(Installation inst) {
        return InstallationCommand.admin(inst).users();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a mailbox user; it gets a stable msexchuid (GUID) now.")
    static final class Add extends InstallationCommand {
        @Parameters(paramLabel = "SMTP", description = "The mailbox's SMTP address, e.g. alice@contoso.com.")
        String smtp;
        @Option(names = "--name", description = "Display name (default: the address).")
        String name;
        @Mixin
        PasswordOptions passwordOptions;
        @Option(names = "--admin", description = "Make the user an administrator (console and admin API).")
        boolean admin;

        Add(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() throws Exception {
            String address = Addresses.smtp(smtp);
            char[] password = passwordOptions.newPassword(cli);
            try (Installation inst = common.open(cli)) {
                User user = users(inst).add(Actor.commandLine(), address, name, password, admin);
                cli.out().println("added user " + address + " (msexchuid " + user.exchangeUid() + ")"
                        + (admin ? ", administrator" : ""));
                passwordOptions.showGenerated(cli, password);
                return 0;
            } finally {
                UserAdmin.wipe(password);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List mailbox users.")
    static final class ListUsers extends InstallationCommand {

        ListUsers(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            return inInstallation(inst -> {
                Table table = new Table("SMTP", "DISPLAY NAME", "MSEXCHUID", "CREATED", "ROLE");
                for (UserAdmin.UserView v : users(inst).list(null)) {
                    User u = v.user();
                    table.row(u.smtpAddress(), u.displayName(), u.exchangeUid().toString(), u.createdAt().toString(),
                            v.admin() ? "admin" : "-");
                }
                return table.text();
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a mailbox user and the add-ins installed only for it.")
    static final class Remove extends InstallationCommand {
        @Parameters(paramLabel = "SMTP") String smtp;

        Remove(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            String account = Addresses.smtp(smtp);
            return inInstallation(inst -> {
                users(inst).remove(Actor.commandLine(), account);
                return "removed user " + account;
            });
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password.")
    static final class Passwd extends InstallationCommand {
        @Parameters(paramLabel = "SMTP") String smtp;
        @Mixin
        PasswordOptions passwordOptions;

        Passwd(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            String account = Addresses.smtp(smtp);
            char[] password = passwordOptions.newPassword(cli);
            try {
                int code = inInstallation(inst -> {
                    users(inst).setPassword(Actor.commandLine(), account, password);
                    return "password changed for " + account;
                });
                passwordOptions.showGenerated(cli, password);
                return code;
            } finally {
                UserAdmin.wipe(password);
            }
        }
    }

    /** grant-admin and revoke-admin: one user's role, changed through {@link UserAdmin}. */
    abstract static class RoleChange extends InstallationCommand {
        @Parameters(paramLabel = "SMTP") String smtp;
        private final boolean grant;

        RoleChange(Cli cli, boolean grant) {
            super(cli);
            this.grant = grant;
        }

        @Override
        public Integer call() {
            return inInstallation(inst -> {
                if (grant) users(inst).grantAdmin(Actor.commandLine(), smtp);
                else users(inst).revokeAdmin(Actor.commandLine(), smtp);
                String account = smtp.trim().toLowerCase(Locale.ROOT);
                return grant ? "granted the admin role to " + account : "revoked the admin role of " + account;
            });
        }
    }

    @Command(name = "grant-admin", mixinStandardHelpOptions = true,
            description = "Make a user an administrator: they may sign in to the console and call the admin API.")
    static final class GrantAdmin extends RoleChange {
        GrantAdmin(Cli cli) {
            super(cli, true);
        }
    }

    @Command(name = "revoke-admin", mixinStandardHelpOptions = true,
            description = "Take the admin role (and the user's API keys) away; never from the last administrator.")
    static final class RevokeAdmin extends RoleChange {
        RevokeAdmin(Cli cli) {
            super(cli, false);
        }
    }
}
