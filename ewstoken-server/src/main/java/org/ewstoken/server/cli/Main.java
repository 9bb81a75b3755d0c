package org.ewstoken.server.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.ewstoken.server.EarlyStart;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ewstoken}: the command line. Every command is registered here, explicitly. */
@Command(name = "ewstoken", mixinStandardHelpOptions = true, version = "ewstoken 0.1.0",
        description = "Exchange-compatible client access token service (EWS GetClientAccessToken).",
        subcommandsRepeatable = false)
public final class Main {

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("serve") || args[0].equals("selftest"))) {
            EarlyStart.preload(); // side by side with the parsing below
            StartTimeline.begin(); // its clock starts with main
        }
        Cli cli = new Cli(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.getenv(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        int code = run(cli, args);
        System.exit(code);
    }

    /**
     * The commands, in the order usage help lists them. Each is built on demand: picocli reads a
     * command's annotations by reflection, and building the whole tree for every run cost about
     * half a second of the server's start-up.
     */
    private static final Map<String, Function<Cli, CommandLine>> COMMANDS = commands();

    private static Map<String, Function<Cli, CommandLine>> commands() {
        Map<String, Function<Cli, CommandLine>> commands = new LinkedHashMap<>();
        commands.put("serve", Main::serve);
        commands.put("users", cli -> group(new UsersCommand(), new UsersCommand.Add(cli),
                new UsersCommand.ListUsers(cli), new UsersCommand.Remove(cli), new UsersCommand.Passwd(cli),
                new UsersCommand.GrantAdmin(cli), new UsersCommand.RevokeAdmin(cli)));
        commands.put("apps", cli -> group(new AppsCommand(), new AppsCommand.Add(cli), new AppsInstallCommand(cli),
                new AppsShowCommand(cli), new AppsCommand.ListApps(cli), new AppsCommand.Remove(cli),
                new AppsCommand.Enable(cli), new AppsCommand.Disable(cli), new AppsClientCommand.Update(cli),
                new AppsClientCommand.Secret(cli)));
        commands.put("keys", cli -> group(new KeysCommand(), new KeysCommand.ListKeys(cli),
                new KeysCommand.Rotate(cli), new KeysCommand.Import(cli)));
        commands.put("token", cli -> group(new TokenCommand(), new TokenCommand.Decode(cli),
                new TokenCommand.Validate(cli), new TokenMintCommand(cli)));
        commands.put("migrate", cli -> new CommandLine(new MigrateCommand(cli)));
        commands.put("selftest", cli -> new CommandLine(new SelftestCommand(cli)));
        commands.put("doctor", cli -> new CommandLine(new DoctorCommand(cli)));
        commands.put("store", cli -> group(new StoreCommand(), new StoreCommand.Export(cli),
                new StoreCommand.Import(cli)));
        return Collections.unmodifiableMap(commands);
    }

    /**
     * A group with its subcommands, in the order usage help lists them. Each subcommand is named by its own
     * {@code @Command}, so the name is written once.
     */
    private static CommandLine group(CommandGroup group, CliCommand... subcommands) {
        CommandLine line = new CommandLine(group);
        for (CliCommand subcommand : subcommands) line.addSubcommand(subcommand);
        return line;
    }

    /** Every command, built: for tests that hold the documentation to the command line. */
    static CommandLine allCommands(Cli cli) {
        CommandLine root = new CommandLine(new Main());
        COMMANDS.forEach((name, command) -> root.addSubcommand(name, command.apply(cli)));
        return root;
    }

    /** Runs one command line; returns the process exit code. */
    public static int run(Cli cli, String... args) {
        ServeCommand serve = ServeArguments.read(cli, args); // the server's start without picocli's model
        if (serve != null) return execute(cli, serve);
        CommandLine root = new CommandLine(new Main());
        Function<Cli, CommandLine> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            root.addSubcommand(args[0], named.apply(cli));
        } else { // usage help, --version, or an unknown command: picocli needs them all to answer
            COMMANDS.forEach((name, command) -> root.addSubcommand(name, command.apply(cli)));
        }
        root.setOut(cli.out());
        root.setErr(cli.err());
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(cli, e));
        root.setParameterExceptionHandler((e, given) -> {
            if (given.length == 0) { // a first try without arguments: the overview is the answer
                root.usage(cli.err());
                return 2;
            }
            cli.err().println("ewstoken: " + Failures.usage(e));
            cli.err().flush();
            return 2;
        });
        int code = root.execute(args);
        cli.out().flush();
        cli.err().flush();
        return code;
    }

    /** Runs a command read without picocli as picocli's {@code execute} would: its result, or a failure's code. */
    private static int execute(Cli cli, CliCommand command) {
        int code;
        try {
            code = command.call();
        } catch (Exception e) {
            code = failed(cli, e);
        }
        cli.out().flush();
        cli.err().flush();
        return code;
    }

    /** A command failed: one line (its stack trace too, when asked for and unforeseen); exit code 1. */
    private static int failed(Cli cli, Exception e) {
        cli.err().println("ewstoken: " + Failures.describe(e));
        if (Failures.unexpected(e) && Failures.verbose(cli.environment())) {
            e.printStackTrace(cli.err());
        }
        cli.err().flush();
        return 1;
    }

    private static CommandLine serve(Cli cli) {
        CommandLine serve = new CommandLine(new ServeCommand(cli));
        // Rendered only when usage help is shown: formatting the settings table is start-up time otherwise.
        serve.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> String.format(ServeCommand.settingsHelp()));
        return serve;
    }

    /** A command that cannot do what was asked; the message says why. */
    static final class CommandFailure extends RuntimeException {
        CommandFailure(String message) {
            super(message);
        }
    }
}
