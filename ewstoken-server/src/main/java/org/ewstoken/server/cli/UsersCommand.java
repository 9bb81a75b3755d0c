package org.ewstoken.server.cli;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.ewstoken.server.Installation;
import org.ewstoken.store.DuplicateException;
import org.ewstoken.store.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage mailbox users.")
final class UsersCommand extends CommandGroup {

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

        Add(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() throws Exception {
            String address = Addresses.smtp(smtp);
            char[] password = Passwords.newPassword(cli, passwordStdin, generate);
            try (Installation inst = common.open(cli)) {
                User user = new User(address, name == null ? address : name, UUID.randomUUID(),
                        inst.passwordHasher().hash(password), Instant.now());
                inst.store().addUser(user);
                cli.out().println("added user " + address + " (msexchuid " + user.exchangeUid() + ")");
                if (generate) cli.out().println("password: " + new String(password));
                return 0;
            } catch (DuplicateException e) {
                throw new Main.CommandFailure("user " + address + " already exists");
            } finally {
                Arrays.fill(password, '\0');
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
                List<User> users = inst.store().listUsers();
                Table table = new Table("SMTP", "DISPLAY NAME", "MSEXCHUID", "CREATED");
                for (User u : users) {
                    table.row(u.smtpAddress(), u.displayName(), u.exchangeUid().toString(), u.createdAt().toString());
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
                if (!inst.store().removeUser(account)) throw new Main.CommandFailure("no user " + account);
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
                if (!inst.store().updatePasswordHash(account, inst.passwordHasher().hash(password))) {
                    throw new Main.CommandFailure("no user " + account);
                }
                cli.out().println("password changed for " + account);
                if (generate) cli.out().println("password: " + new String(password));
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }
}
