package org.ewstoken.server.cli;

import java.time.Clock;
import java.util.List;
import org.ewstoken.server.Installation;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.admin.UserAdmin;
import org.ewstoken.store.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line over {@link UserAdmin}: the rules live there, shared with the admin API. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage mailbox users.")
final class UsersCommand extends CommandGroup {

    static UserAdmin users(Installation inst) {
        return AdminServices.over(inst, null, Clock.systemUTC()).users();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a mailbox user; it gets a stable msexchuid (GUID) now.")
    static final class Add extends InstallationCommand {
        @Parameters(paramLabel = "SMTP", description = "The mailbox's SMTP address, e.g. alice@contoso.com.")
        String smtp;
        @Option(names = "--name", description = "Display name (default: the address).")
        String name;
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;
        @Option(names = "--generate-password", description = "Generate a password and print it once.")
        boolean generate;
        @Option(names = "--admin", description = "Make the user an administrator (console and admin API).")
        boolean admin;

        Add(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() throws Exception {
            String address = Addresses.smtp(smtp);
            char[] password = Passwords.newPassword(cli, passwordStdin, generate);
            try (Installation inst = common.open(cli)) {
                User user = users(inst).add(Actor.commandLine(), address, name, password, admin);
                cli.out().println("added user " + address + " (msexchuid " + user.exchangeUid() + ")"
                        + (admin ? ", administrator" : ""));
                if (generate) cli.out().println("password: " + new String(password));
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
            try (Installation inst = common.open(cli)) {
                List<UserAdmin.UserView> users = users(inst).list(null);
                Table table = new Table("SMTP", "DISPLAY NAME", "MSEXCHUID", "CREATED", "ROLE");
                for (UserAdmin.UserView v : users) {
                    User u = v.user();
                    table.row(u.smtpAddress(), u.displayName(), u.exchangeUid().toString(), u.createdAt().toString(),
                            v.admin() ? "admin" : "-");
                }
                table.print(cli.out());
                return 0;
            }
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
            try (Installation inst = common.open(cli)) {
                users(inst).remove(Actor.commandLine(), account);
                cli.out().println("removed user " + account);
                return 0;
            }
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password.")
    static final class Passwd extends InstallationCommand {
        @Parameters(paramLabel = "SMTP") String smtp;
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;
        @Option(names = "--generate-password", description = "Generate a password and print it once.")
        boolean generate;

        Passwd(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            String account = Addresses.smtp(smtp);
            char[] password = Passwords.newPassword(cli, passwordStdin, generate);
            try (Installation inst = common.open(cli)) {
                users(inst).setPassword(Actor.commandLine(), account, password);
                cli.out().println("password changed for " + account);
                if (generate) cli.out().println("password: " + new String(password));
                return 0;
            } finally {
                UserAdmin.wipe(password);
            }
        }
    }

    @Command(name = "grant-admin", mixinStandardHelpOptions = true,
            description = "Make a user an administrator: they may sign in to the console and call the admin API.")
    static final class GrantAdmin extends InstallationCommand {
        @Parameters(paramLabel = "SMTP") String smtp;

        GrantAdmin(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            try (Installation inst = common.open(cli)) {
                users(inst).grantAdmin(Actor.commandLine(), smtp);
                cli.out().println("granted the admin role to " + smtp.trim().toLowerCase(java.util.Locale.ROOT));
                return 0;
            }
        }
    }

    @Command(name = "revoke-admin", mixinStandardHelpOptions = true,
            description = "Take the admin role (and the user's API keys) away; never from the last administrator.")
    static final class RevokeAdmin extends InstallationCommand {
        @Parameters(paramLabel = "SMTP") String smtp;

        RevokeAdmin(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            try (Installation inst = common.open(cli)) {
                users(inst).revokeAdmin(Actor.commandLine(), smtp);
                cli.out().println("revoked the admin role of " + smtp.trim().toLowerCase(java.util.Locale.ROOT));
                return 0;
            }
        }
    }
}
